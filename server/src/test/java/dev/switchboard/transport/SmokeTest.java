package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.switchboard.Replies;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SmokeTest {

    @Test
    void anEchoPromptStreamsBackWordByWord() {
        Switchboard server = TestServers.start();
        try (WsClient client = WsClient.hello(server.port(), null)) {
            client.prompt("p1", "hello there world", null);
            JsonObject done = client.awaitDone("p1");
            assertEquals("hello there world", done.get("text").getAsString());
            assertEquals("stop", done.get("reason").getAsString());
            assertEquals(3, done.get("tokens").getAsInt());
            Replies.assertWhole(client.frames(), done);
            Replies.assertSeqStrictlyIncreasing(client.frames());
            assertEquals(3, client.frames("token").size());
        } finally {
            server.stop();
        }
    }
}
