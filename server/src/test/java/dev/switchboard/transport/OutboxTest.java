package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.ManualClock;
import dev.switchboard.session.Backlog;
import dev.switchboard.session.Cursor;
import dev.switchboard.session.EventJson;
import dev.switchboard.session.SessionEvent;
import dev.switchboard.session.Subscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outbox on its own, against a socket the test plays: what it hands over and when, how it
 * merges, what it does past its bounds, and that it survives a socket that completes writes inside
 * the write call.
 */
@Timeout(10)
class OutboxTest {

    private static final long STALL = Duration.ofSeconds(10).toNanos();

    /** A socket whose writes complete when the test says, or at once (inside the write). */
    private static final class FakeSocket implements SocketWriter {
        final List<byte[]> written = new ArrayList<>();
        final List<Sent> waiting = new ArrayList<>();
        final List<Integer> sizes = new ArrayList<>();
        boolean completeAtOnce;

        @Override
        public void write(byte[] frame, Sent done) {
            written.add(frame);
            if (completeAtOnce) {
                done.sent(true, frame.length);
            } else {
                waiting.add(done);
                sizes.add(frame.length);
            }
        }

        @Override
        public void writeUntracked(byte[] frame) {
            written.add(frame);
        }

        /** Completes the oldest write still waiting. */
        void completeOne() {
            Sent done = waiting.removeFirst();
            done.sent(true, sizes.removeFirst());
        }

        List<JsonObject> json() {
            List<JsonObject> out = new ArrayList<>();
            for (byte[] frame : written) {
                int length7 = frame[1] & 0x7F;
                int header = length7 < 126 ? 2 : length7 == 126 ? 4 : 10;
                String text = new String(frame, header, frame.length - header, StandardCharsets.UTF_8);
                out.add(JsonParser.parseString(text).getAsJsonObject()); // one frame a write, in these tests
            }
            return out;
        }
    }

    /** A session's log as far as the outbox can tell: it answers a read with the frames it was given. */
    private static final class FakeBacklog implements Backlog {
        final List<Long> readsFrom = new ArrayList<>();
        long lastSeq;
        String gen = "g";

        @Override
        public void catchUp(Subscriber subscriber, Cursor from, int budget) {
            readsFrom.add(from.seq());
            long seq = from.seq();
            StringBuilder text = new StringBuilder();
            while (seq <= lastSeq && text.length() < budget) {
                text.append("t").append(seq).append(' ');
                seq++;
            }
            if (!text.isEmpty()) {
                subscriber.replayed(EventJson.token(seq - 1, gen, text.toString()));
            }
            if (seq > lastSeq) {
                subscriber.caughtUp();
            } else {
                subscriber.behind(Cursor.at(seq));
            }
        }
    }

    private final FakeSocket socket = new FakeSocket();
    private final ManualClock clock = new ManualClock();
    private final OutboxCounters counters = new OutboxCounters(new LongAdder(), new LongAdder(), new LongAdder(),
            new LongAdder(), new LongAdder());
    private final AtomicInteger stalls = new AtomicInteger();

    private Outbox outbox(int maxInFlight, int maxPending, long maxBytes) {
        return new Outbox(socket, new OutboxLimits(maxInFlight, maxPending, maxBytes, STALL), counters, clock,
                stalls::incrementAndGet);
    }

    private long seq;

    private SessionEvent token(String gen, String text) {
        long s = ++seq;
        return new SessionEvent(s, SessionEvent.Kind.TOKEN, gen, text, EventJson.token(s, gen, text));
    }

    @Test
    void framesGoStraightToTheSocketUpToTheInFlightLimitAndThenWaitInOrder() {
        Outbox outbox = outbox(2, 100, 1 << 20);
        outbox.subscribed(new FakeBacklog());
        outbox.event(token("g", "a "));
        outbox.event(token("g", "b "));
        outbox.control("{\"type\":\"pong\"}");
        assertEquals(2, socket.written.size(), "two in flight, the third waits");
        socket.completeOne();
        assertEquals(3, socket.written.size());
        assertEquals("pong", socket.json().get(2).get("type").getAsString());
    }

    @Test
    void tokensThatWaitMergeIntoOneFrameCarryingTheHighestSeq() {
        Outbox outbox = outbox(1, 100, 1 << 20);
        outbox.subscribed(new FakeBacklog());
        outbox.event(token("g", "a "));
        outbox.event(token("g", "b "));
        outbox.event(token("g", "c "));
        outbox.event(token("h", "x "));
        socket.completeOne();
        socket.completeOne();
        socket.completeOne();
        List<JsonObject> frames = socket.json();
        assertEquals(3, frames.size());
        assertEquals("b c ", frames.get(1).get("text").getAsString());
        assertEquals(3, frames.get(1).get("seq").getAsLong());
        assertEquals("x ", frames.get(2).get("text").getAsString());
        assertEquals(1, counters.merged().sum(), "c went into b's frame");
    }

    @Test
    void aMergedRunStopsAtItsCapAndTheRestStartsAnother() {
        Outbox outbox = outbox(1, 100_000, 1L << 30);
        outbox.subscribed(new FakeBacklog());
        outbox.event(token("g", "first "));
        String word = "x".repeat(1000);
        for (int i = 0; i < 100; i++) { // 100,000 characters: more than one merged frame may carry
            outbox.event(token("g", word));
        }
        while (!socket.waiting.isEmpty()) {
            socket.completeOne();
        }
        List<JsonObject> frames = socket.json();
        assertTrue(frames.size() >= 3, "split into runs of at most " + Outbox.MAX_MERGED_CHARS + " characters");
        for (JsonObject f : frames) {
            assertTrue(f.get("text").getAsString().length() <= Outbox.MAX_MERGED_CHARS + word.length(),
                    "a frame of " + f.get("text").getAsString().length() + " characters");
        }
    }

    /**
     * Past its byte bound an outbox holds no session events: it drops them and reads them back from
     * the session's log, a chunk at a time, as the socket drains; live events in between are ignored,
     * and flow again once it has caught up.
     */
    @Test
    void pastItsByteBoundItDropsTheSessionsEventsAndReadsThemBackFromTheLogAsTheSocketDrains() {
        Outbox outbox = outbox(1, 100_000, 2048);
        FakeBacklog log = new FakeBacklog();
        outbox.subscribed(log);
        outbox.event(token("g", "t1 ")); // in flight
        for (int i = 2; i <= 200; i++) {
            outbox.event(token("g", "t" + i + " "));
        }
        assertEquals(1, socket.written.size());
        assertEquals(1, counters.fellBehind().sum(), "it fell behind once, when the bound was passed");
        log.lastSeq = seq;
        outbox.control("{\"type\":\"pong\"}"); // control frames are never dropped

        while (!socket.waiting.isEmpty()) {
            socket.completeOne(); // each completion reads more of the log
        }
        assertFalse(log.readsFrom.isEmpty(), "it read the log");
        StringBuilder text = new StringBuilder();
        long lastSeen = 0;
        for (JsonObject f : socket.json()) {
            if (f.get("type").getAsString().equals("token")) {
                text.append(f.get("text").getAsString());
                assertTrue(f.get("seq").getAsLong() > lastSeen, "in seq order");
                lastSeen = f.get("seq").getAsLong();
            }
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            expected.append("t").append(i).append(' ');
        }
        assertEquals(expected.toString(), text.toString(), "nothing lost, nothing twice");
        assertTrue(socket.json().stream().anyMatch(f -> f.get("type").getAsString().equals("pong")));

        outbox.event(token("g", "live ")); // caught up: live events flow again
        assertEquals("live ", socket.json().getLast().get("text").getAsString());
    }

    @Test
    void withNothingOfTheSessionToDropTooManyControlFramesCloseTheConnection() {
        Outbox outbox = outbox(1, 5, 1 << 20);
        outbox.control("{\"type\":\"pong\"}"); // in flight, never completed: the reader reads nothing
        for (int i = 0; i < 6; i++) {
            outbox.control("{\"type\":\"pong\"}");
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stalls.get() == 1);
        assertEquals(1, counters.slowClosed().sum());
    }

    @Test
    void aReaderThatMakesNoProgressForTheStallBoundIsClosedByTheSweep() {
        Outbox outbox = outbox(1, 100, 1 << 20);
        outbox.subscribed(new FakeBacklog());
        outbox.event(token("g", "a "));
        outbox.event(token("g", "b ")); // waits
        outbox.checkStall(clock.read());
        clock.advance(Duration.ofSeconds(9));
        outbox.checkStall(clock.read());
        assertEquals(0, stalls.get(), "not yet");
        clock.advance(Duration.ofSeconds(2));
        outbox.checkStall(clock.read());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stalls.get() == 1);
    }

    @Test
    void aSocketThatCompletesWritesInsideTheWriteCallStillGetsEveryFrameInOrder() {
        socket.completeAtOnce = true;
        Outbox outbox = outbox(2, 100, 1 << 20);
        outbox.subscribed(new FakeBacklog());
        for (int i = 0; i < 50; i++) {
            outbox.event(token("g", "w" + i + " "));
        }
        List<JsonObject> frames = socket.json();
        assertEquals(50, frames.size(), "nothing merged: every write completed at once");
        for (int i = 0; i < 50; i++) {
            assertEquals(i + 1, frames.get(i).get("seq").getAsLong());
        }
    }

    @Test
    void theCloseFrameIsTheLastFrameAndNothingFollowsIt() {
        Outbox outbox = outbox(1, 100, 1 << 20);
        outbox.subscribed(new FakeBacklog());
        outbox.event(token("g", "a "));
        outbox.event(token("g", "b ")); // waits, and is dropped by the close
        byte[] close = dev.switchboard.session.TextFrames.close(1008, "bye");
        assertTrue(outbox.closeWith(close));
        outbox.event(token("g", "c "));
        outbox.control("{\"type\":\"pong\"}");
        socket.completeOne();
        assertEquals(2, socket.written.size());
        assertTrue(socket.written.getLast() == close, "the close frame is the last write");
        assertFalse(outbox.closeWith(close), "closing twice sends nothing");
    }
}
