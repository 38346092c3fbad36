package dev.switchboard.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples in docs/backends.md run as documented. */
@Timeout(20)
class ExamplesTest {

    @Test
    void theBlockingExampleStreamsAndCountsTurnsInTheSessionState() {
        Switchboard server = TestServers.start(cfg -> cfg.generator(new BlockingModelExample()));
        try (WsClient client = WsClient.hello(server.port(), null)) {
            client.prompt("a", "hi", null);
            JsonObject first = client.awaitDone("a");
            assertEquals("You said: hi", first.get("text").getAsString());
            assertEquals(1, first.getAsJsonObject("state").get("turns").getAsInt());
            client.prompt("b", "again", null);
            assertEquals(2, client.awaitDone("b").getAsJsonObject("state").get("turns").getAsInt());
        } finally {
            server.stop();
        }
    }

    @Test
    void thePublisherExampleStreamsItsItemsAsTokens() {
        Switchboard server = TestServers.start(cfg -> cfg.generator(PublisherModelExample.generator()));
        try (WsClient client = WsClient.hello(server.port(), null)) {
            client.prompt("a", "make some noise", null);
            JsonObject done = client.awaitDone("a");
            assertEquals("stop", done.get("reason").getAsString());
            assertEquals("MAKE SOME NOISE ", done.get("text").getAsString());
            assertEquals(3, done.get("tokens").getAsInt());
        } finally {
            server.stop();
        }
    }
}
