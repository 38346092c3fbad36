package dev.switchboard.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Asks the server for its heap in use once a second ({@code GET /metrics} on the WebSocket URL's host
 * and port, plain HTTP), on a thread of its own, and keeps every answer with the time it came. A slow
 * answer delays the next question rather than piling questions up.
 *
 * <p>Concurrency: the sampling thread appends under this object's lock; {@link #samples} copies under
 * it.
 */
final class HeapSampler implements AutoCloseable {

    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** One question: at {@code nanos}, the heap, or why there is none. */
    record Sample(long nanos, OptionalLong heapBytes, Outcome outcome) {
    }

    /** How a question went. */
    enum Outcome {
        /** The heap was in the answer. */
        MEASURED,
        /** The server answered without it (or with a status other than 200). */
        NOT_EXPOSED,
        /** No answer in time, or no connection. */
        FAILED
    }

    private final URI metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final List<Sample> samples = new ArrayList<>(); // guarded by this
    private final Thread thread;

    /** Starts sampling the server behind the WebSocket URL {@code ws}. */
    HeapSampler(URI ws) {
        this.metrics = metricsUri(ws);
        this.thread = Thread.ofPlatform().name("loadtest-heap").daemon().start(this::loop);
    }

    /** {@code GET /metrics} on the host and port of a ws:// (http) or wss:// (https) URL. */
    static URI metricsUri(URI ws) {
        try {
            return new URI("wss".equals(ws.getScheme()) ? "https" : "http", null, ws.getHost(), ws.getPort(),
                    "/metrics", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("no metrics URL for " + ws, e);
        }
    }

    private void loop() {
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            Sample s = sample();
            synchronized (this) {
                samples.add(s);
            }
            next += EVERY.toNanos();
            long wait = next - System.nanoTime();
            if (wait < 0) {
                next = System.nanoTime(); // a slow answer: the next question now, not a burst of catching up
                continue;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Sample sample() {
        long at = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            OptionalLong heap = r.statusCode() == 200 ? HeapMetric.parse(r.body()) : OptionalLong.empty();
            return new Sample(at, heap, heap.isPresent() ? Outcome.MEASURED : Outcome.NOT_EXPOSED);
        } catch (IOException e) {
            return new Sample(at, OptionalLong.empty(), Outcome.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sample(at, OptionalLong.empty(), Outcome.FAILED);
        }
    }

    /** Every sample so far, oldest first. */
    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Stops sampling (within the answer in flight, at most a couple of seconds). */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(TIMEOUT.toMillis() + 1000);
        http.close();
    }
}
