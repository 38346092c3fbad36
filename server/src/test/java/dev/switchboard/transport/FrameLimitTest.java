package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.switchboard.ManualClock;
import dev.switchboard.RawWsClient;
import dev.switchboard.RawWsClient.Frame;
import dev.switchboard.Replies;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PROTOCOL.md: a frame larger than the limit closes the connection with 1009. The limit is applied
 * at the frame's header, before the server holds its payload, at any declared size, and to a message
 * sent in fragments as a whole; a frame begun and never finished is closed after the frame timeout.
 */
@Timeout(60)
class FrameLimitTest {

    private static final int LIMIT = 64 * 1024;
    private static final String HELLO = "{\"type\":\"hello\"}";

    private final ManualClock clock = new ManualClock();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Switchboard server;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** What was seen: a 4 MiB frame's header and 256 KiB of it were buffered, and nobody was closed. */
    @Test
    void aFrameWhoseHeaderDeclaresMoreThanTheLimitIsClosedWith1009BeforeItsPayloadHasArrived() {
        server = TestServers.start(cfg -> cfg.maxFrameBytes(LIMIT));
        RawWsClient client = helloed();
        client.sendHeader(Frame.TEXT, true, 4L * 1024 * 1024);
        client.sendRawBytes(new byte[256 * 1024]);
        assertEquals(1009, closeFrame(client).closeCode());
    }

    @Test
    void aFrameDeclaredLargerThanAnyBufferIsAlso1009AndNot1011() {
        server = TestServers.start(cfg -> cfg.maxFrameBytes(LIMIT));
        RawWsClient client = helloed();
        client.sendHeader(Frame.TEXT, true, 64L * 1024 * 1024);
        assertEquals(1009, closeFrame(client).closeCode());
    }

    @Test
    void aMessageInFragmentsThatGrowsPastTheLimitIsClosedWith1009AtTheFragmentThatPassesIt() {
        server = TestServers.start(cfg -> cfg.maxFrameBytes(LIMIT));
        RawWsClient client = helloed();
        client.sendFrame(Frame.TEXT, false, "{\"type\":\"ping\",\"pad\":\"".getBytes());
        client.sendFrame(Frame.CONTINUATION, false, "x".repeat(40_000).getBytes());
        client.sendHeader(Frame.CONTINUATION, false, 40_000); // 80,000 bytes of message: too many
        Frame close = closeFrame(client);
        assertEquals(1009, close.closeCode());
        assertTrue(close.text().contains("frame larger than " + LIMIT), close.text());
    }

    @Test
    void aMessageInFragmentsUnderTheLimitIsServed() {
        server = TestServers.start(cfg -> cfg.maxFrameBytes(LIMIT));
        RawWsClient client = helloed();
        client.sendFrame(Frame.TEXT, false, "{\"type\":\"ping\",".getBytes());
        client.sendFrame(Frame.PING, true, new byte[] {1}); // a control frame may come between fragments
        client.sendFrame(Frame.CONTINUATION, false, ("\"pad\":\"" + "x".repeat(30_000) + "\"").getBytes());
        client.sendFrame(Frame.CONTINUATION, true, "}".getBytes());
        assertTrue(client.readTextContaining("pong").contains("\"pong\""));
    }

    @Test
    void aFrameBegunAndNotFinishedWithinTheFrameTimeoutIsClosedWith1008() {
        server = TestServers.start(cfg -> cfg.maxFrameBytes(LIMIT).ticker(clock).frameTimeout(Duration.ofSeconds(15))
                .pingInterval(Duration.ofHours(1)));
        RawWsClient stuck = helloed();
        RawWsClient fragments = helloed();
        stuck.sendHeader(Frame.TEXT, true, 1000);
        stuck.sendRawBytes(new byte[10]);
        fragments.sendFrame(Frame.TEXT, false, "{\"type\":".getBytes()); // whole frames, unfinished message
        RawWsClient fine = helloed();
        fine.sendText("{\"type\":\"ping\"}");
        fine.readTextContaining("pong");

        clock.advance(Duration.ofSeconds(16));
        assertEquals(1008, closeFrame(stuck).closeCode());
        assertEquals(1008, closeFrame(fragments).closeCode());
        fine.sendText("{\"type\":\"ping\"}");
        assertTrue(fine.readTextContaining("pong").contains("pong"), "a client between frames is not timed out");
    }

    /**
     * What was seen: 100 sockets that each sent the header of a 4 MiB frame and 256 KiB of it were
     * not closed within 10 s and held about 96 MB. Now each is refused at its header, holds nothing,
     * and another user's reply keeps its pace meanwhile.
     */
    @Test
    void aHundredSocketsHoldingHalfSentBigFramesAreRefusedAndAnotherUsersStreamKeepsItsPace() {
        server = TestServers.start(cfg -> cfg.maxFrameBytes(LIMIT));
        WsClient user = WsClient.hello(server.port(), null);
        open.add(user);
        long heapBefore = heapUsedAfterGc();
        String words = "w ".repeat(40).trim();
        user.prompt("paced", words, "{\"delayMs\":20}");

        List<RawWsClient> attackers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RawWsClient a = helloed();
            a.sendHeader(Frame.TEXT, true, 4L * 1024 * 1024);
            a.sendRawBytes(new byte[256 * 1024]);
            attackers.add(a);
        }
        for (RawWsClient a : attackers) {
            assertEquals(1009, closeFrame(a).closeCode());
        }
        long growth = heapUsedAfterGc() - heapBefore;
        assertTrue(growth < 16L * 1024 * 1024, "the refused frames cost " + growth / 1024 + " KiB of heap");

        JsonObject done = user.awaitDone("paced");
        assertEquals(words, done.get("text").getAsString());
        Replies.assertWhole(user.frames(), done);
        Replies.assertTokenGapsUnder(user, done, Duration.ofMillis(250));
    }

    private RawWsClient helloed() {
        RawWsClient client = RawWsClient.connect(server.port());
        open.add(client);
        client.sendText(HELLO);
        client.readTextContaining("\"welcome\"");
        return client;
    }

    /** The close frame, within 5 s (the server drops TCP only later). */
    private static Frame closeFrame(RawWsClient client) {
        return client.readUntilClose(Duration.ofSeconds(5));
    }

    private static long heapUsedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
