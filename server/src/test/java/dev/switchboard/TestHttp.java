package dev.switchboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Plain HTTP against a test server: the endpoints that share the WebSocket's port. */
public final class TestHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestHttp() {
    }

    /** {@code GET http://127.0.0.1:port/path}. */
    public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The Prometheus text of {@code /metrics}. */
    public static String scrape(int port) {
        try {
            return get(port, "/metrics").body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every series of one scrape of {@code /metrics} and its value, keyed as the text writes it, e.g.
     * {@code switchboard_generations_total{reason="stop"}}; {@code # HELP} and {@code # TYPE} lines
     * are skipped.
     */
    public static Map<String, Double> metrics(int port) {
        Map<String, Double> series = new HashMap<>();
        for (String line : scrape(port).split("\n")) {
            int space = line.lastIndexOf(' '); // label values may hold spaces, the value never does
            if (!line.startsWith("#") && space > 0) {
                series.put(line.substring(0, space), value(line.substring(space + 1)));
            }
        }
        return series;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /**
     * The value of one series in {@code /metrics}, e.g. {@code switchboard_generations_total{reason="stop"}},
     * or NaN when it is not there.
     */
    public static double metric(int port, String series) {
        return metrics(port).getOrDefault(series, Double.NaN);
    }

    /** Replies that ended with {@code reason}, as the server's own metrics count them. */
    public static double ended(int port, String reason) {
        return metric(port, "switchboard_generations_total{reason=\"" + reason + "\"}");
    }
}
