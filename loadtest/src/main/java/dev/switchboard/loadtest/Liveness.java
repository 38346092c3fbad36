package dev.switchboard.loadtest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the server is still alive after an attack, as a user would find out: a new connection
 * says hello and must get a {@code welcome} to a fresh session ({@code created: true}), and a
 * well-behaved user's session must be resumable ({@code hello} with {@code session} and
 * {@code after}) with a {@code welcome} that does not say {@code created: true}. Each within the
 * timeout, from connect to welcome.
 *
 * <p>Concurrency: a probe's callbacks run on its connection's event loop and only complete its future;
 * {@link #check} blocks the calling thread (the run's driver) until both probes are over.
 */
final class Liveness {

    /** How one probe went. */
    record Probe(boolean ok, String detail, double ms) {
        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("ok", ok);
            o.addProperty("detail", detail);
            o.addProperty("ms", Math.round(ms * 10) / 10.0);
            return o;
        }
    }

    /** Both probes. */
    record Outcome(Probe fresh, Probe resume) {
        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.add("freshHello", fresh.toJson());
            o.add("resume", resume.toJson());
            return o;
        }
    }

    private Liveness() {
    }

    /**
     * Runs both probes on {@code client}, one after the other.
     *
     * @param resume the session to resume and the seq to resume after; empty when no user ever got a session
     */
    static Outcome check(WsClient client, Optional<SimUser.ResumePoint> resume, Duration timeout)
            throws InterruptedException {
        JsonObject fresh = new JsonObject();
        fresh.addProperty("type", "hello");
        Probe freshProbe = probe(client, fresh, Expect.CREATED, timeout);
        Probe resumeProbe;
        if (resume.isEmpty()) {
            resumeProbe = new Probe(false, "no well-behaved user had a session to resume", 0);
        } else {
            JsonObject hello = new JsonObject();
            hello.addProperty("type", "hello");
            hello.addProperty("session", resume.get().session());
            hello.addProperty("after", resume.get().after());
            resumeProbe = probe(client, hello, Expect.RESUMED, timeout);
        }
        return new Outcome(freshProbe, resumeProbe);
    }

    /** What the welcome must say. */
    enum Expect {
        /** {@code created: true}: a fresh session. */
        CREATED,
        /** No {@code created: true}: the session named. */
        RESUMED
    }

    /** Judges the first frame after a hello. */
    static Probe judge(String frame, Expect expect, double ms) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(frame);
            o = e.getAsJsonObject();
        } catch (RuntimeException e) {
            return new Probe(false, "answered with something that is not a frame: " + clip(frame), ms);
        }
        String type = o.has("type") ? o.get("type").getAsString() : "?";
        if (!"welcome".equals(type)) {
            String code = o.has("code") ? " " + o.get("code").getAsString() : "";
            return new Probe(false, "answered " + type + code + " instead of welcome", ms);
        }
        boolean created = o.has("created") && o.get("created").getAsBoolean();
        if (expect == Expect.CREATED && !created) {
            return new Probe(false, "welcome without created: true to a hello without a session", ms);
        }
        if (expect == Expect.RESUMED && created) {
            return new Probe(false, "welcome with created: true: the session was not there any more", ms);
        }
        return new Probe(true, expect == Expect.CREATED ? "welcome to a fresh session" : "welcome to the same session", ms);
    }

    private static Probe probe(WsClient client, JsonObject hello, Expect expect, Duration timeout)
            throws InterruptedException {
        long begin = System.nanoTime();
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<WsConnection> opened = client.connect(new WsListener() {
            @Override
            public void onOpen(WsConnection ws) {
                ws.sendText(hello.toString());
            }

            @Override
            public void onText(WsConnection ws, byte[] utf8) {
                first.complete(new String(utf8, StandardCharsets.UTF_8));
            }

            @Override
            public void onClose(WsConnection ws, int code, String reason) {
                first.completeExceptionally(new IllegalStateException("closed with " + code + " " + reason));
            }

            @Override
            public void onError(WsConnection ws, Throwable error) {
                first.completeExceptionally(error);
            }
        }, false);
        opened.whenComplete((ws, error) -> {
            if (error != null) {
                first.completeExceptionally(error);
            }
        });
        try {
            String frame = first.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return judge(frame, expect, (System.nanoTime() - begin) / 1e6);
        } catch (TimeoutException e) {
            return new Probe(false, "no answer within " + timeout.toMillis() + " ms", (System.nanoTime() - begin) / 1e6);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Probe(false, "connection failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()), (System.nanoTime() - begin) / 1e6);
        } finally {
            opened.thenAccept(ws -> ws.close(1000, "probe done"));
            if (!opened.isDone()) {
                opened.cancel(false); // a connect still under way: what it opens later is closed by the client's end
            }
        }
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
