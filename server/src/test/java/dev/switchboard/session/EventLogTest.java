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
        EventLog log = new EventLog(3);
        for (int i = 0; i < 10; i++) {
            append(log, "g" + i);
        }
        assertEquals(3, log.size());
        assertEquals(List.of(8L, 9L, 10L), seqs(log.after(0)));
        assertEquals(8, log.firstSeq(seq + 1));
    }

    @Test
    void anEmptyLogStartsAtTheNextSeq() {
        EventLog log = new EventLog(3);
        assertEquals(1, log.firstSeq(1));
        assertEquals(List.of(), log.after(0));
        assertEquals(List.of(), log.ofGenerations(gen -> true));
    }

    @Test
    void itNeverDropsAnEventOfALiveGeneration() {
        EventLog log = new EventLog(2);
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
        EventLog log = new EventLog(5);
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
        EventLog log = new EventLog(10);
        for (int i = 0; i < 6; i++) {
            append(log, "g");
        }
        assertEquals(List.of(4L, 5L, 6L), seqs(log.after(3)));
        assertEquals(List.of(), log.after(6));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), seqs(log.after(0)));
    }

    @Test
    void ofGenerationsGivesTheEventsOfTheNamedGenerationsInOrder() {
        EventLog log = new EventLog(10);
        append(log, "a");
        append(log, "b");
        append(log, "c");
        append(log, "b");
        append(log, "a");
        assertEquals(List.of(2L, 3L, 4L), seqs(log.ofGenerations(Set.of("b", "c")::contains)));
        assertEquals(List.of(), log.ofGenerations(g -> false));
    }

    @Test
    void framesComeBackByteForByteThroughWrapGrowthAndShrink() {
        Random random = new Random(7);
        EventLog log = new EventLog(20);
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
            SessionEvent event = new SessionEvent(s, SessionEvent.Kind.values()[i % 4], gen, null, frame);
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
        EventLog log = new EventLog(10);
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
        EventLog log = new EventLog(7);
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
        EventLog log = new EventLog(3);
        append(log, "g");
        SessionEvent skipped = new SessionEvent(seq + 2, SessionEvent.Kind.TOKEN, "g", null, new byte[] {1});
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> log.append(skipped, keepFrom(skipped)));
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
