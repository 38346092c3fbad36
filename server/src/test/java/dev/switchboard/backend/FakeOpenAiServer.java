package dev.switchboard.backend;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for an OpenAI-compatible model server (the JDK's HttpServer on loopback), writing
 * real SSE in the documented chat-completions format. Each test gives it a {@link Script}.
 *
 * <p>Concurrency: requests are handled on virtual threads; what it records is in thread-safe lists
 * and counters.
 */
final class FakeOpenAiServer implements AutoCloseable {

    /** What the fake does with one request. */
    @FunctionalInterface
    interface Script {
        void respond(Exchange exchange) throws IOException, InterruptedException;
    }

    /** One request, and helpers to answer it. */
    static final class Exchange {
        final JsonObject body;
        final HttpExchange http;
        /** What {@link #finish} reports as {@code usage.prompt_tokens}. */
        int promptTokens = 5;
        private OutputStream out;

        Exchange(HttpExchange http, JsonObject body) {
            this.http = http;
            this.body = body;
        }

        /** Starts a 200 SSE response. */
        void startStream() throws IOException {
            http.getResponseHeaders().add("Content-Type", "text/event-stream");
            http.sendResponseHeaders(200, 0);
            out = http.getResponseBody();
        }

        /** Writes raw text and flushes it. */
        void write(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Writes one SSE event whose data is a chunk with {@code delta.content = text}. */
        void delta(String text) throws IOException {
            JsonObject delta = new JsonObject();
            delta.addProperty("content", text);
            write("data: " + chunk(delta, null) + "\n\n");
        }

        /** Writes the finish chunk, a usage chunk and [DONE]. */
        void finish(String reason, int completionTokens) throws IOException {
            write("data: " + chunk(new JsonObject(), reason) + "\n\n");
            write("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":"
                    + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}\n\n");
            write("data: [DONE]\n\n");
        }

        /** Answers with a status and a JSON error body. */
        void fail(int status, String message) throws IOException {
            byte[] bytes = ("{\"error\":{\"message\":\"" + message + "\"}}").getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().add("Content-Type", "application/json");
            http.sendResponseHeaders(status, bytes.length);
            http.getResponseBody().write(bytes);
        }

        private static String chunk(JsonObject delta, String finishReason) {
            JsonObject choice = new JsonObject();
            choice.addProperty("index", 0);
            choice.add("delta", delta);
            if (finishReason == null) {
                choice.add("finish_reason", com.google.gson.JsonNull.INSTANCE);
            } else {
                choice.addProperty("finish_reason", finishReason);
            }
            JsonObject c = new JsonObject();
            c.addProperty("object", "chat.completion.chunk");
            com.google.gson.JsonArray choices = new com.google.gson.JsonArray();
            choices.add(choice);
            c.add("choices", choices);
            return c.toString();
        }
    }

    private final HttpServer server;
    final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** The client's port of each request's TCP connection: equal ports mean a reused connection. */
    final List<Integer> remotePorts = new CopyOnWriteArrayList<>();
    /** Responses whose client went away while the fake was still writing. */
    final AtomicInteger clientsGone = new AtomicInteger();
    /** The most requests it was answering at one time. */
    final AtomicInteger maxConcurrent = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();

    FakeOpenAiServer(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", http -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try (http) {
                JsonObject body = JsonParser.parseString(
                        new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
                requests.add(body);
                authorizations.add(String.valueOf(http.getRequestHeaders().getFirst("Authorization")));
                remotePorts.add(http.getRemoteAddress().getPort());
                script.respond(new Exchange(http, body));
                concurrent.decrementAndGet(); // the reply is written: the slot is free before the close
            } catch (IOException e) {
                concurrent.decrementAndGet();
                clientsGone.incrementAndGet();
            } catch (InterruptedException e) {
                concurrent.decrementAndGet();
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
