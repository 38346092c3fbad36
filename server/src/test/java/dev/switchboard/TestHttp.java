package dev.switchboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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

    /**
     * The value of one series in {@code /metrics}, e.g. {@code switchboard_generations_total{reason="stop"}},
     * or NaN when it is not there.
     */
    public static double metric(int port, String series) {
        String body;
        try {
            body = get(port, "/metrics").body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return body.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(Double.NaN);
    }

    /** Replies that ended with {@code reason}, as the server's own metrics count them. */
    public static double ended(int port, String reason) {
        return metric(port, "switchboard_generations_total{reason=\"" + reason + "\"}");
    }
}
