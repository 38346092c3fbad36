package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The origin check over a real handshake: a foreign browser origin gets HTTP 403. */
@Timeout(20)
class OriginHandshakeTest {

    private Switchboard server;

    @BeforeEach
    void start() {
        server = TestServers.start(cfg -> cfg.allowedOrigins(List.of("https://chat.example.com")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aForeignBrowserOriginIsRefusedWith403() {
        assertEquals(403, WsClient.handshakeStatus(server.port(), "https://evil.example.net"));
    }

    @Test
    void theServersOwnOriginAndConfiguredOriginsAreAccepted() {
        assertEquals(101, WsClient.handshakeStatus(server.port(), "http://127.0.0.1:" + server.port()));
        assertEquals(101, WsClient.handshakeStatus(server.port(), "https://chat.example.com"));
    }

    @Test
    void aClientWithoutOriginIsAccepted() {
        try (WsClient client = WsClient.hello(server.port(), null)) {
            assertEquals("welcome", client.frames().get(0).get("type").getAsString());
        }
    }
}
