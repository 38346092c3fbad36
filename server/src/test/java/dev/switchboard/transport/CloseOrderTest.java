package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.RawWsClient;
import dev.switchboard.RawWsClient.Frame;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 6455 section 5.5.1: after sending a close frame an endpoint sends no more data frames. The
 * server closes a connection (here for a frame over the limit) on the thread that read it while
 * another thread (the echo's pacer) is writing a burst of tokens to it.
 */
@Timeout(60)
class CloseOrderTest {

    private static final int LIMIT = 4096;
    private Switchboard server;

    @BeforeEach
    void start() {
        server = TestServers.start(cfg -> cfg.maxFrameBytes(LIMIT));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** Regression: the outbox was closed only after Tyrus had sent Close, so tokens could follow it. */
    @Test
    void noDataFrameFollowsTheCloseFrameWhileAReplyIsStreaming() {
        for (int round = 0; round < 20; round++) {
            try (RawWsClient client = RawWsClient.connect(server.port())) {
                client.sendText("{\"type\":\"hello\"}");
                client.readTextContaining("\"welcome\"");
                client.sendText("{\"type\":\"prompt\",\"id\":\"p\",\"text\":\"a b c d e f g h\","
                        + "\"params\":{\"delayMs\":0,\"repeat\":10000}}");
                client.readTextContaining("\"token\"");
                client.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(LIMIT) + "\"}");
                Frame close = client.readUntilClose(Duration.ofSeconds(10));
                assertEquals(1009, close.closeCode());
                client.sendClose(1000);
                List<Frame> after = client.readUntilEnd(Duration.ofSeconds(10));
                int r = round;
                assertTrue(after.isEmpty(), () -> "round " + r + ": " + after.size() + " frames after the close frame, "
                        + "the first of opcode " + after.getFirst().opcode());
            }
        }
    }
}
