package dev.switchboard.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Grizzly's HTTP keep-alive timeout must close idle HTTP connections but never a quiet WebSocket
 * (regression: Grizzly's default killed WebSockets idle for 30 s).
 */
@Timeout(30)
class KeepAliveTest {

    private Switchboard server;

    @BeforeEach
    void start() {
        server = TestServers.start(cfg -> cfg.httpIdleTimeout(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aQuietWebSocketOutlivesTheHttpIdleTimeout() {
        try (WsClient client = WsClient.hello(server.port(), null)) {
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> !client.closed().isDone());
            client.send("{\"type\":\"ping\"}");
            client.awaitType("pong");
            assertFalse(client.closed().isDone());
        }
    }

    @Test
    void anIdleHttpKeepAliveConnectionIsClosed() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            assertEquals(12, in.readNBytes(head, 0, 12));
            assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.US_ASCII));
            AtomicBoolean eof = new AtomicBoolean();
            Thread.ofVirtual().start(() -> {
                try {
                    while (in.read() != -1) {
                        // drain the rest of the response until the server closes
                    }
                } catch (IOException e) {
                    // reset counts as closed
                }
                eof.set(true);
            });
            await().atMost(Duration.ofSeconds(6)).untilTrue(eof);
        }
    }
}
