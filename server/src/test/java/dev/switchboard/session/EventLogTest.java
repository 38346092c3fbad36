package dev.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The resume log on its own: what it keeps (resume needs a contiguous range of seq ending at the
 * last one), and what it hands out for {@code after} and for a fresh view.
 */
@Timeout(10)
class EventLogTest {

    private final Set<String> live = new HashSet<>();
    private final Map<String, Long> firstSeqs = new HashMap<>();
    private long seq;

    @Test
    void itKeepsTheLastCapacityEventsOfFinishedGenerations() {
        EventLog log = log(3);
        for (int i = 0; i < 10; i++) {
            append(log, "g" + i);
        }
        assertEquals(3, log.size());
        assertEquals(List.of(8L, 9L, 10L), seqs(log.after(0)));
        assertEquals(8, log.firstSeq(seq + 1));
    }

    @Test
    void anEmptyLogStartsAtTheNextSeq() {
        EventLog log = log(3);
        assertEquals(1, log.firstSeq(1));
        assertEquals(List.of(), log.after(0));
        assertEquals(List.of(), read(log, 1, Integer.MAX_VALUE, (seq, gen) -> false));
    }

    @Test
    void itNeverDropsAnEventOfALiveGeneration() {
        EventLog log = log(2);
        append(log, "old");
        live.add("g");
        for (int i = 0; i < 50; i++) {
            append(log, "g");
        }
        assertEquals(50, log.size(), "every event of the running generation, none before it");
        assertEquals(2, log.firstSeq(seq + 1));

        live.remove("g"); // it ended: the next append may trim back to capacity
        append(log, "h");
        assertEquals(2, log.size());
        assertEquals(List.of(51L, 52L), seqs(log.after(0)));
    }

    @Test
    void heldEventsStayContiguousAndKeepEveryLiveEventUnderAnyMix() {
        Random random = new Random(42);
        EventLog log = log(5);
        List<SessionEvent> all = new ArrayList<>();
        List<String> running = new ArrayList<>();
        int gens = 0;
        for (int i = 0; i < 3_000; i++) {
            if (running.isEmpty() || (running.size() < 3 && random.nextInt(8) == 0)) {
                String fresh = "g" + gens++;
                live.add(fresh);
                running.add(fresh);
            }
            String gen = running.get(random.nextInt(running.size()));
            if (random.nextInt(12) == 0) { // it ends: no longer live when its done is logged, as in Session
                running.remove(gen);
                live.remove(gen);
            }
            all.add(append(log, gen));

            long first = log.firstSeq(seq + 1);
            List<SessionEvent> held = log.after(0);
            assertTrue(held.size() >= Math.min(5, all.size()), "at least capacity held");
            assertEquals(seq - first + 1, held.size(), "contiguous up to the last seq");
            for (int k = 0; k < held.size(); k++) {
                assertEquals(first + k, held.get(k).seq());
                assertEquals(all.get((int) (first + k - 1)).gen(), held.get(k).gen(), "generation of seq " + (first + k));
            }
            for (SessionEvent e : all) {
                assertTrue(!live.contains(e.gen()) || e.seq() >= first, "live event " + e.seq() + " dropped");
            }
        }
    }

    @Test
    void afterGivesTheHeldEventsPastASeqInOrder() {
        EventLog log = log(10);
        for (int i = 0; i < 6; i++) {
            append(log, "g");
        }
        assertEquals(List.of(4L, 5L, 6L), seqs(log.after(3)));
        assertEquals(List.of(), log.after(6));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), seqs(log.after(0)));
    }

    @Test
    void aReadLeavesOutTheEventsItsSkipNamesAndMergesConsecutiveTokensOfAGeneration() {
        EventLog log = log(20);
        token(log, "a", "one ");
        token(log, "a", "two ");
        token(log, "b", "x ");
        token(log, "a", "three");
        List<String> frames = new ArrayList<>();
        EventLog.Position end = log.read(EventLog.Position.at(1), Integer.MAX_VALUE, EventLog.Tokens.MERGED, (seq, gen) -> false,
                f -> frames.add(json(f)));
        assertEquals(5, end.seq(), "past the last event");
        assertEquals(List.of("{\"type\":\"token\",\"seq\":2,\"gen\":\"a\",\"text\":\"one two \"}",
                "{\"type\":\"token\",\"seq\":3,\"gen\":\"b\",\"text\":\"x \"}",
                "{\"type\":\"token\",\"seq\":4,\"gen\":\"a\",\"text\":\"three\"}"), frames);

        frames.clear();
        log.read(EventLog.Position.at(1), Integer.MAX_VALUE, EventLog.Tokens.MERGED, (seq, gen) -> gen.equals("b"), f -> frames.add(json(f)));
        assertEquals(List.of("{\"type\":\"token\",\"seq\":4,\"gen\":\"a\",\"text\":\"one two three\"}"), frames,
                "with b left out, a's tokens are consecutive");
    }

    @Test
    void aReadStopsNearItsBudgetAndTheNextGoesOnWhereItStopped() {
        EventLog log = log(1000);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String text = "token" + i + " ";
            all.append(text);
            long s = ++seq;
            log.append(new SessionEvent(s, SessionEvent.Kind.TOKEN, "g", text, EventJson.token(s, "g", text)), 1);
        }
        StringBuilder read = new StringBuilder();
        EventLog.Position at = EventLog.Position.at(1);
        int reads = 0;
        while (at.seq() <= seq) {
            at = log.read(at, 1000, EventLog.Tokens.MERGED, (s, gen) -> false, f -> read.append(
                    com.google.gson.JsonParser.parseString(json(f)).getAsJsonObject().get("text").getAsString()));
            reads++;
        }
        assertTrue(reads >= 3, "a chunk of about 1,000 bytes at a time: " + reads + " reads");
        assertEquals(all.toString(), read.toString(), "nothing lost or repeated between chunks");
    }

    @Test
    void onlyTheNewestQueuedOfAGenerationIsHandedOutAndTheOlderOnesCostNothing() {
        EventLog log = log(100);
        long first = queued(log, "g", 7, "a long prompt".repeat(100));
        queued(log, "h", 1, "other");
        long newest = queued(log, "g", 3, "a long prompt".repeat(100));
        List<SessionEvent> held = log.after(0);
        assertEquals(List.of(first + 1, newest), seqs(held), "g's first queued was superseded");
        assertTrue(log.bytes() < 2 * 1400 + 200, "one copy of g's prompt is held, not two: " + log.bytes());
    }

    @Test
    void aWaitingGenerationsQueuedOutlivesTheRangeUntilItsDoneAndAReadFromBelowHandsItOut() {
        EventLog log = log(3);
        long waiting = queued(log, "w", 2, "still waiting");
        for (int i = 0; i < 10; i++) {
            append(log, "g" + i); // replies that ran while w waited: none of them pins the range
        }
        assertEquals(3, log.size(), "w's wait held nothing else");
        assertTrue(log.firstSeq(seq + 1) > waiting);

        List<String> frames = new ArrayList<>();
        EventLog.Position end = log.read(EventLog.Position.at(waiting), Integer.MAX_VALUE, EventLog.Tokens.ONE_BY_ONE,
                (s, gen) -> !gen.equals("w"), f -> frames.add(json(f)));
        assertEquals(seq + 1, end.seq());
        assertEquals(1, frames.size(), "only w's queued, from beside the range: " + frames);
        assertTrue(frames.get(0).contains("\"type\":\"queued\"") && frames.get(0).contains("still waiting"));

        long before = log.bytes();
        long done = ++seq;
        log.append(new SessionEvent(done, SessionEvent.Kind.DONE, "w", null, new byte[] {(byte) 0x81, 2, 123, 125}), Long.MAX_VALUE);
        assertTrue(log.bytes() < before, "w's queued went with its done: " + log.bytes() + " of " + before);
        frames.clear();
        log.read(EventLog.Position.at(waiting), Integer.MAX_VALUE, EventLog.Tokens.ONE_BY_ONE, (s, gen) -> !gen.equals("w"),
                f -> frames.add(json(f)));
        assertEquals(1, frames.size(), "only w's done now: " + frames);
    }

    @Test
    void finishedEventsPastTheByteBoundAreDroppedButLiveOnesAreKept() {
        EventLog log = new EventLog(1000, 4096);
        for (int i = 0; i < 40; i++) {
            append(log, "done" + i, new byte[1000]);
        }
        assertTrue(log.bytes() <= 4096, "finished events within the byte bound: " + log.bytes());
        assertTrue(log.size() >= 4 && log.size() < 40);
        live.add("live");
        for (int i = 0; i < 20; i++) {
            append(log, "live", new byte[1000]);
        }
        assertEquals(20, log.size(), "every event of the live generation, over the bound");
    }

    @Test
    void framesComeBackByteForByteThroughWrapGrowthAndShrink() {
        Random random = new Random(7);
        EventLog log = log(20);
        List<SessionEvent> all = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            boolean longReply = i >= 1_000 && i < 2_000; // a long live reply makes both rings grow, then shrink
            String gen = longReply ? "long" : "g" + i;
            live.clear();
            if (longReply) {
                live.add("long");
            }
            long s = ++seq;
            byte[] frame = new byte[1 + random.nextInt(i % 500 == 0 ? 3_000 : 200)];
            random.nextBytes(frame);
            SessionEvent.Kind kind = List.of(SessionEvent.Kind.START, SessionEvent.Kind.TOKEN,
                    SessionEvent.Kind.DONE).get(i % 3); // a queued is kept apart: its own test
            SessionEvent event = new SessionEvent(s, kind, gen, null, frame);
            log.append(event, keepFrom(event));
            all.add(event);
            if (i % 97 == 0 || i == 1_999 || i == 2_000) {
                List<SessionEvent> held = log.after(0);
                List<SessionEvent> expected = all.subList(all.size() - held.size(), all.size());
                for (int k = 0; k < held.size(); k++) {
                    SessionEvent want = expected.get(k);
                    SessionEvent got = held.get(k);
                    assertEquals(want.seq(), got.seq());
                    assertEquals(want.kind(), got.kind());
                    assertEquals(want.gen(), got.gen());
                    assertTrue(java.util.Arrays.equals(want.frame(), got.frame()), "frame of seq " + want.seq());
                }
            }
        }
        assertEquals(20, log.size());
    }

    @Test
    void aTokenKeptAsTextIsFramedAgainByteForByte() {
        EventLog log = log(10);
        List<SessionEvent> sent = new ArrayList<>();
        for (String text : List.of("plain ", "\"quoted\" ", "tab\t", "é ", "日本 ", "🙂", "")) {
            long s = ++seq;
            SessionEvent event = new SessionEvent(s, SessionEvent.Kind.TOKEN, "gen-1", text, EventJson.token(s, "gen-1", text));
            log.append(event, keepFrom(event));
            sent.add(event);
        }
        List<SessionEvent> held = log.after(0);
        assertEquals(sent.size(), held.size());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i).text(), held.get(i).text());
            assertEquals(SessionEvent.Kind.TOKEN, held.get(i).kind());
            assertTrue(java.util.Arrays.equals(sent.get(i).frame(), held.get(i).frame()), "frame of " + sent.get(i).text());
        }
    }

    @Test
    void tokensCopiedCharByCharComeBackWholeAcrossTheRingsEnd() {
        EventLog log = log(7);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String text = "tok" + i + "é".repeat(i % 5) + (i % 9 == 0 ? "日" : "") + " ".repeat(i % 40);
            long s = ++seq;
            log.append(new SessionEvent(s, SessionEvent.Kind.TOKEN, "g", text, EventJson.token(s, "g", text)),
                    Long.MAX_VALUE);
            texts.add(text);
        }
        List<SessionEvent> held = log.after(0);
        assertEquals(texts.subList(500 - 7, 500), held.stream().map(SessionEvent::text).toList());
    }

    @Test
    void itRefusesASeqThatIsNotTheNextOne() {
        EventLog log = log(3);
        append(log, "g");
        SessionEvent skipped = new SessionEvent(seq + 2, SessionEvent.Kind.TOKEN, "g", null, new byte[] {1});
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> log.append(skipped, keepFrom(skipped)));
    }

    private SessionEvent append(EventLog log, String gen, byte[] frame) {
        long s = ++seq;
        SessionEvent event = new SessionEvent(s, SessionEvent.Kind.DONE, gen, null, frame);
        log.append(event, keepFrom(event));
        return event;
    }

    private void token(EventLog log, String gen, String text) {
        long s = ++seq;
        SessionEvent event = new SessionEvent(s, SessionEvent.Kind.TOKEN, gen, text, EventJson.token(s, gen, text));
        log.append(event, keepFrom(event));
    }

    private long queued(EventLog log, String gen, int position, String text) {
        long s = ++seq;
        SessionEvent event = new SessionEvent(s, SessionEvent.Kind.QUEUED, gen, null,
                EventJson.queued(s, gen, "p", text, position));
        log.append(event, keepFrom(event));
        return s;
    }

    private static List<SessionEvent> read(EventLog log, long from, int budget, EventLog.Skip skip) {
        List<SessionEvent> out = new ArrayList<>();
        log.read(EventLog.Position.at(from), budget, EventLog.Tokens.ONE_BY_ONE, skip, f -> out.add(new SessionEvent(0, SessionEvent.Kind.DONE,
                "?", null, f)));
        return out;
    }

    /** The JSON of a server frame (a header of 2 or 4 bytes here). */
    private static String json(byte[] frame) {
        int header = (frame[1] & 0x7F) < 126 ? 2 : 4;
        return new String(frame, header, frame.length - header, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static EventLog log(int capacity) {
        return new EventLog(capacity, Long.MAX_VALUE);
    }

    private SessionEvent append(EventLog log, String gen) {
        long s = ++seq;
        SessionEvent event = new SessionEvent(s, SessionEvent.Kind.TOKEN, gen, "t" + s, new byte[] {(byte) 0x81, 2, (byte) 123, (byte) 125});
        log.append(event, keepFrom(event));
        return event;
    }

    /** What Session passes: the first seq of the oldest live generation, this event's included. */
    private long keepFrom(SessionEvent event) {
        firstSeqs.putIfAbsent(event.gen(), event.seq());
        return live.stream().filter(firstSeqs::containsKey).mapToLong(firstSeqs::get).min().orElse(Long.MAX_VALUE);
    }

    private static List<Long> seqs(List<SessionEvent> events) {
        return events.stream().map(SessionEvent::seq).toList();
    }
}
