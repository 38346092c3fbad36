package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.RawWsClient;
import dev.switchboard.Switchboard;
import dev.switchboard.TestHttp;
import dev.switchboard.TestServers;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One client's memory on the server is bounded in bytes, whatever it asks for or however slowly it
 * reads. Clients here are raw sockets that drop what they read (or read nothing), so the heap this
 * JVM holds is the server's.
 */
@Timeout(120)
class MemoryBoundsTest {

    /** 199 one-letter words: with repeat 10,000, a reply of just under 4,000,000 characters. */
    private static final String TEXT = "a ".repeat(198) + "a";
    private static final long MB = 1024 * 1024;
    private static final long REPLY_TOKENS = 199 * 10_000;

    private Switchboard server;
    private final List<RawWsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(RawWsClient::close);
        server.stop();
    }

    private RawWsClient hello(String session) {
        RawWsClient c = RawWsClient.connect(server.port());
        clients.add(c);
        c.sendText(session == null ? "{\"type\":\"hello\"}" : "{\"type\":\"hello\",\"session\":\"" + session + "\"}");
        String welcome = c.readTextContaining("\"welcome\"");
        if (session == null) {
            return c;
        }
        assertTrue(welcome.contains(session), welcome);
        return c;
    }

    private static String sessionOf(String welcome) {
        int at = welcome.indexOf("\"session\":\"") + 11;
        return welcome.substring(at, welcome.indexOf('"', at));
    }

    /**
     * What was seen: one client sending 32,000-character prompts with {@code repeat} 122 (4 MB replies)
     * for 20 s grew the live heap by 559 MB. History, resume log and outbox are bounded in bytes now.
     */
    @Test
    void aClientAskingForHugeRepliesOneAfterAnotherHoldsABoundedHeap() {
        server = TestServers.start(cfg -> cfg.maxPromptChars(32_768));
        RawWsClient c = RawWsClient.connect(server.port());
        clients.add(c);
        c.sendText("{\"type\":\"hello\"}");
        c.readTextContaining("\"welcome\"");
        c.drainInBackground(); // reading as fast as it can, and dropping it
        String prompt = ("w".repeat(99) + " ").repeat(320); // 32,000 characters in 100-character words
        c.sendText("{\"type\":\"prompt\",\"id\":\"warm\",\"text\":\"warm up\"}"); // what the first prompt makes once
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestHttp.ended(server.port(), "stop") == 1);
        long before = heapAfterGc();
        for (int i = 0; i < 20; i++) {
            c.sendText("{\"type\":\"prompt\",\"id\":\"p" + i + "\",\"text\":\"" + prompt + "\",\"params\":{\"delayMs\":0,"
                    + "\"repeat\":61}}");
            int done = i + 2;
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> TestHttp.ended(server.port(), "stop") == done);
        }
        long growth = heapAfterGc() - before;
        // measured: 45 MB before history and logs were bounded, 5 MB since
        assertTrue(growth < 24 * MB, "twenty 2 MB replies left " + growth / MB + " MB on the heap");
    }

    /**
     * What was seen (the hostile load test): sessions that keep their queue full of prompts for huge
     * replies grew the heap by 1.2 GB, because the resume log kept every event from the oldest waiting
     * prompt's {@code queued} on, which is every whole reply that ran while it waited. Seven 2 MB
     * replies run here while an eighth prompt waits, then that one runs (slowly) while the heap is
     * measured.
     */
    @Test
    void promptsWaitingBehindHugeRepliesDoNotKeepThoseRepliesInTheLog() {
        server = TestServers.start(cfg -> cfg.maxPromptChars(32_768));
        RawWsClient c = RawWsClient.connect(server.port());
        clients.add(c);
        c.sendText("{\"type\":\"hello\"}");
        c.readTextContaining("\"welcome\"");
        c.drainInBackground();
        c.sendText("{\"type\":\"prompt\",\"id\":\"warm\",\"text\":\"warm up\"}");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestHttp.ended(server.port(), "stop") == 1);
        long before = heapAfterGc();
        String prompt = ("w".repeat(99) + " ").repeat(320);
        for (int i = 0; i < 7; i++) {
            c.sendText("{\"type\":\"prompt\",\"id\":\"p" + i + "\",\"text\":\"" + prompt
                    + "\",\"params\":{\"delayMs\":0,\"repeat\":61}}");
        }
        c.sendText("{\"type\":\"prompt\",\"id\":\"last\",\"text\":\"slow one\",\"params\":{\"delayMs\":60000}}");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> TestHttp.ended(server.port(), "stop") == 8);
        long growth = heapAfterGc() - before;
        // measured: 32 MB before (the log held all seven replies and their done frames), 7 MB since
        assertTrue(growth < 16 * MB, "seven finished 2 MB replies behind a waiting prompt left " + growth / MB
                + " MB on the heap");
    }

    /**
     * A hundred connections on one session that read nothing while a 4-million-character reply streams
     * hold a cursor each, not a copy of the reply: before, every slow socket held the whole reply as
     * merged tokens.
     */
    @Test
    void aHundredReadersThatStopReadingOnABigSessionDoNotEachHoldTheReply() {
        server = TestServers.start(cfg -> cfg.slowConsumerTimeout(Duration.ofMinutes(5)).maxReplyTokens(10_000_000));
        RawWsClient owner = RawWsClient.connect(server.port());
        clients.add(owner);
        owner.sendText("{\"type\":\"hello\"}");
        String session = sessionOf(owner.readTextContaining("\"welcome\""));
        owner.drainInBackground();
        for (int i = 0; i < 99; i++) {
            hello(session); // and never read again
        }
        long before = heapAfterGc();
        owner.sendText("{\"type\":\"prompt\",\"id\":\"big\",\"text\":\"" + TEXT + "\",\"params\":{\"delayMs\":0,"
                + "\"repeat\":10000}}");
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> TestHttp.ended(server.port(), "stop") == 1);
        long growth = heapAfterGc() - before;
        // measured: 134 million token events handed to these connections before (each stalled outbox
        // merged the reply into its own copy), 8 million since: each fell behind once and kept a cursor
        double handed = TestHttp.metric(server.port(), "switchboard_tokens_sent_total");
        assertTrue(handed < 10 * REPLY_TOKENS, handed + " token events handed to connections for a reply of "
                + REPLY_TOKENS);
        assertTrue(TestHttp.metric(server.port(), "switchboard_slow_consumers_behind_total") >= 99);
        // the session keeps the reply itself (its log, its done frame, its history): about 35 MB
        assertTrue(growth < 100 * MB, "99 stalled readers of a 4 MB reply grew the heap by " + growth / MB + " MB");
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
