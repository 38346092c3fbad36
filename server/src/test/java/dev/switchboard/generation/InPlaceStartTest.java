package dev.switchboard.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Asynchronous generators that {@linkplain AsyncGenerator#startsAtOnce start at once} are called on
 * the launching thread, and their replies still end the way every other reply does, even when the
 * stage is complete before {@code generate} returns.
 */
@Timeout(30)
class InPlaceStartTest {

    private Switchboard server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aGeneratorThatStartsAtOnceRunsWithoutAThreadOfItsOwnAndStreamsAsUsual() {
        ConcurrentLinkedQueue<Thread> callers = new ConcurrentLinkedQueue<>();
        Executor later = CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS);
        AsyncGenerator model = new InPlace() {
            @Override
            public CompletionStage<Outcome> generate(Prompt prompt, TokenSink sink) {
                callers.add(Thread.currentThread());
                return CompletableFuture.supplyAsync(() -> {
                    sink.token("one ");
                    sink.token(prompt.text());
                    return Outcome.stop();
                }, later);
            }
        };
        server = TestServers.start(cfg -> cfg.generator(model));
        try (WsClient client = WsClient.hello(server.port(), null)) {
            client.prompt("a", "first", null);
            client.prompt("b", "second", null); // queued behind "a": launched by the thread that ends "a"

            assertEquals("one first", client.awaitDone("a").get("text").getAsString());
            assertEquals("one second", client.awaitDone("b").get("text").getAsString());
            assertEquals(2, callers.size());
            callers.forEach(t -> assertFalse(t.isVirtual(), "called in place, on " + t.getName()));
        }
    }

    @Test
    void aStageThatIsDoneOrFailedAtOnceEndsTheReplyAndFreesTheSlot() {
        AsyncGenerator model = new InPlace() {
            @Override
            public CompletionStage<Outcome> generate(Prompt prompt, TokenSink sink) {
                return switch (prompt.text()) {
                    case "done" -> CompletableFuture.completedFuture(Outcome.stop());
                    case "failed" -> CompletableFuture.failedFuture(new IllegalStateException("no model"));
                    default -> throw new IllegalArgumentException("thrown from generate");
                };
            }
        };
        server = TestServers.start(cfg -> cfg.generator(model).maxGenerations(1));
        try (WsClient client = WsClient.hello(server.port(), null);
             WsClient other = WsClient.hello(server.port(), null)) {
            client.prompt("p1", "done", null);
            client.prompt("p2", "failed", null);
            client.prompt("p3", "thrown", null);
            client.prompt("p4", "done", null);

            assertEquals("stop", client.awaitDone("p1").get("reason").getAsString());
            JsonObject failed = client.awaitDone("p2");
            assertEquals("error", failed.get("reason").getAsString());
            assertEquals("no model", failed.get("error").getAsString());
            assertEquals("thrown from generate", client.awaitDone("p3").get("error").getAsString());
            assertEquals("stop", client.awaitDone("p4").get("reason").getAsString());
            other.prompt("o1", "done", null); // the only slot came back each time
            assertEquals("stop", other.awaitDone("o1").get("reason").getAsString());
            assertTrue(client.frames("error").isEmpty(), "no prompt was refused: " + client.frames("error"));
            assertEquals(List.of("p1", "p2", "p3", "p4"),
                    client.frames("done").stream().map(f -> f.get("id").getAsString()).toList());
        }
    }

    /** A generator that starts every prompt in place. */
    private abstract static class InPlace implements AsyncGenerator {
        @Override
        public boolean startsAtOnce(Prompt prompt) {
            return true;
        }
    }
}
