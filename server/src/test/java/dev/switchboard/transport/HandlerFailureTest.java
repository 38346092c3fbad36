package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import dev.switchboard.generation.AsyncGenerator;
import dev.switchboard.generation.Outcome;
import dev.switchboard.generation.Prompt;
import dev.switchboard.generation.TokenSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bug on the server side while handling a client's frame (here a generator's {@code checkParams}
 * that throws) is logged as an error and closes that connection with 1011 (PROTOCOL.md: internal
 * error); the client is not left waiting, and everyone else goes on.
 */
@Timeout(30)
class HandlerFailureTest {

    /** A generator with a bug: its params check throws for {@code boom}. */
    private static final AsyncGenerator BUGGY = new AsyncGenerator() {
        @Override
        public void checkParams(JsonObject params) {
            if (params.has("boom")) {
                throw new IllegalStateException("a bug in checkParams (expected in this test)");
            }
        }

        @Override
        public CompletionStage<Outcome> generate(Prompt prompt, TokenSink sink) {
            sink.token(prompt.text());
            return CompletableFuture.completedFuture(Outcome.stop());
        }
    };

    private Switchboard server;

    @BeforeEach
    void start() {
        server = TestServers.start(cfg -> cfg.generator(BUGGY));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** Regression: the exception went to Tyrus, which logged it at DEBUG, and the client heard nothing. */
    @Test
    void aFrameWhoseHandlingThrowsClosesThatConnectionWith1011AndOthersGoOn() throws Exception {
        try (WsClient victim = WsClient.hello(server.port(), null); WsClient other = WsClient.hello(server.port(), null)) {
            victim.prompt("p1", "hi", "{\"boom\":1}");
            assertEquals(1011, victim.closed().get(10, TimeUnit.SECONDS));
            other.prompt("p2", "still here", null);
            assertEquals("still here", other.awaitDone("p2").get("text").getAsString());
        }
    }
}
