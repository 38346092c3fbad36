package dev.switchboard;

import org.awaitility.Awaitility;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests: the JDK's {@link java.net.http.WebSocket} over loopback. It keeps
 * every frame it receives, in order, and can stop reading (flow control) to act as a slow reader.
 *
 * <p>Concurrency: frames arrive on the HTTP client's threads and are appended under {@code lock};
 * tests read snapshots. Sends are serialized by {@code sendLock} (the JDK WebSocket allows one
 * outstanding send).
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    /** One shared HTTP client: its selector thread serves every test socket. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ReentrantLock lock = new ReentrantLock();
    private final List<JsonObject> frames = new ArrayList<>();
    private final List<Arrival> arrivals = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile boolean paused;
    private volatile Throwable error; // why the connection dropped, when it did (closed() is 1006)
    private volatile String closeReason; // the reason in the server's close frame
    private volatile WebSocket socket;

    private WsClient() {
    }

    /** Connects to {@code ws://127.0.0.1:port/ws}. */
    public static WsClient connect(int port) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/ws"));
    }

    public static WsClient connect(URI uri) {
        WsClient client = new WsClient();
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client).orTimeout(15, TimeUnit.SECONDS).join();
        return client;
    }

    /** Connects to {@code ws://127.0.0.1:port/ws} as a browser page from {@code origin} would. */
    public static WsClient connectFrom(int port, String origin) {
        WsClient client = new WsClient();
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).header("Origin", origin)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), client).orTimeout(15, TimeUnit.SECONDS)
                .join();
        return client;
    }

    /** The HTTP status of a handshake from {@code origin}: 101 when it is accepted. */
    public static int handshakeStatus(int port, String origin) {
        try {
            connectFrom(port, origin).close();
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** Connects and says hello (to {@code session}, or a new one); returns the welcome. */
    public static WsClient hello(int port, String session) {
        WsClient client = connect(port);
        client.send(session == null ? "{\"type\":\"hello\"}"
                : "{\"type\":\"hello\",\"session\":\"" + session + "\"}");
        client.awaitType("welcome");
        return client;
    }

    /**
     * Connects and resumes {@code session}: hello with {@code after} = the last seq the client saw;
     * returns after the welcome.
     */
    public static WsClient resume(int port, String session, long after) {
        WsClient client = connect(port);
        client.send("{\"type\":\"hello\",\"session\":\"" + session + "\",\"after\":" + after + "}");
        client.awaitType("welcome");
        return client;
    }

    /** The first {@code welcome} received. */
    public JsonObject welcome() {
        return frames("welcome").getFirst();
    }

    /** The session id of the first {@code welcome}. */
    public String sessionId() {
        return welcome().get("session").getAsString();
    }

    /**
     * Sends a {@code ping} and waits for its {@code pong}. The outbox writes in order, so every frame the
     * server queued for this connection before it read the ping has arrived by then.
     */
    public void roundTrip() {
        int before = frames("pong").size();
        send("{\"type\":\"ping\"}");
        await(f -> frames("pong").size() > before);
    }

    public void send(String json) {
        sendLock.lock();
        try {
            socket.sendText(json, true).orTimeout(10, TimeUnit.SECONDS).join();
        } finally {
            sendLock.unlock();
        }
    }

    public void sendBinary(byte[] data) {
        sendLock.lock();
        try {
            socket.sendBinary(ByteBuffer.wrap(data), true).orTimeout(10, TimeUnit.SECONDS).join();
        } finally {
            sendLock.unlock();
        }
    }

    /** Sends a prompt with echo params given as a JSON object text, e.g. {@code {"delayMs":5}}. */
    public void prompt(String id, String text, String paramsJson) {
        JsonObject p = new JsonObject();
        p.addProperty("type", "prompt");
        p.addProperty("id", id);
        p.addProperty("text", text);
        if (paramsJson != null) {
            p.add("params", JsonParser.parseString(paramsJson));
        }
        send(p.toString());
    }

    /** A snapshot of every frame received so far. */
    public List<JsonObject> frames() {
        lock.lock();
        try {
            return List.copyOf(frames);
        } finally {
            lock.unlock();
        }
    }

    /** A frame and when it arrived ({@link System#nanoTime()}), for tests that check pacing. */
    public record Arrival(long nanos, JsonObject frame) {
        public String type() {
            return frame.get("type").getAsString();
        }
    }

    /** A snapshot of every frame received so far, with its arrival time. */
    public List<Arrival> arrivals() {
        lock.lock();
        try {
            return List.copyOf(arrivals);
        } finally {
            lock.unlock();
        }
    }

    /** Frames of one type, in order. */
    public List<JsonObject> frames(String type) {
        return frames().stream().filter(f -> type.equals(f.get("type").getAsString())).toList();
    }

    /** Waits for the first frame matching {@code test} and returns it. */
    public JsonObject await(Predicate<JsonObject> test) {
        return await(test, Duration.ofSeconds(15));
    }

    public JsonObject await(Predicate<JsonObject> test, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(5))
                .until(() -> frames().stream().anyMatch(test));
        return frames().stream().filter(test).findFirst().orElseThrow();
    }

    public JsonObject awaitType(String type) {
        return await(f -> type.equals(f.get("type").getAsString()));
    }

    /** Waits for the {@code done} of the prompt with client id {@code id}. */
    public JsonObject awaitDone(String id) {
        return awaitDone(id, Duration.ofSeconds(15));
    }

    public JsonObject awaitDone(String id, Duration atMost) {
        return await(f -> "done".equals(f.get("type").getAsString()) && id.equals(f.get("id").getAsString()),
                atMost);
    }

    /** Stops reading from the socket: the server's writes back up. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        socket.request(1);
    }

    /** Completes with the close code the server sent (1006 when the connection just dropped). */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** The reason the server's close frame gave, or null before one came. */
    public String closeReason() {
        return closeReason;
    }

    /** Why the connection dropped without a close frame (closed() completed with 1006), or null. */
    public Throwable error() {
        return error;
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").completeOnTimeout(null, 2, TimeUnit.SECONDS);
        }
        socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lock.lock();
        try {
            partial.append(data);
            if (last) {
                JsonObject frame = JsonParser.parseString(partial.toString()).getAsJsonObject();
                frames.add(frame);
                arrivals.add(new Arrival(System.nanoTime(), frame));
                partial.setLength(0);
            }
        } finally {
            lock.unlock();
        }
        if (!paused) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        this.error = error;
        closed.complete(1006);
    }
}
