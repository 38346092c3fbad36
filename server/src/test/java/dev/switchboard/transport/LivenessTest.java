package dev.switchboard.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.Switchboard;
import dev.switchboard.TestHttp;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server pings quiet WebSockets and closes those that do not answer. */
@Timeout(30)
class LivenessTest {

    private Switchboard server;

    @BeforeEach
    void start() {
        server = TestServers.start(cfg -> cfg.pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(500))
                .helloTimeout(Duration.ofMinutes(1)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aQuietClientThatAnswersPingsStaysConnected() {
        try (WsClient client = WsClient.hello(server.port(), null)) {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> !client.closed().isDone());
            client.send("{\"type\":\"ping\"}");
            client.awaitType("pong");
            assertFalse(client.closed().isDone());
        }
    }

    @Test
    void aClientThatNeverAnswersPingsIsClosed() throws IOException {
        try (WsClient alive = WsClient.hello(server.port(), null); Socket dead = new Socket("127.0.0.1", server.port())) {
            // a bare-bones client that says hello and then never reads again, so it never answers a ping
            OutputStream out = dead.getOutputStream();
            InputStream in = dead.getInputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readUntil(in, "\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 101"), response);
            byte[] hello = "{\"type\":\"hello\"}".getBytes(StandardCharsets.US_ASCII);
            out.write(new byte[] {(byte) 0x81, (byte) (0x80 | hello.length), 0, 0, 0, 0}); // masked, zero key
            out.write(hello);
            out.flush();
            assertTrue(readUntil(in, "\"welcome\"").endsWith("\"welcome\""), "the server took the hello");
            await().atMost(Duration.ofSeconds(3))
                    .until(() -> TestHttp.metric(server.port(), "switchboard_connections") == 2.0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> TestHttp.metric(server.port(), "switchboard_connections") == 1.0);
            assertFalse(alive.closed().isDone());
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf(end) < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            seen.append((char) b);
        }
        return seen.toString();
    }
}
