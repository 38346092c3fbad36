package dev.switchboard.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The global admission on its own, with hosts that only record what they are told: the slot limit,
 * the queue limit, FIFO order, and the positions that {@code queued} frames report.
 */
@Timeout(10)
class SchedulerTest {

    /** Every notification, as "gen:call", across all hosts of a test, in order. */
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private Scheduler scheduler(int maxRunning, int maxQueued) {
        return new Scheduler(maxRunning, maxQueued, timers);
    }

    @Test
    void generationsRunWhileSlotsAreFreeThenQueueThenAreRejected() {
        Scheduler s = scheduler(2, 2);
        assertEquals(Admission.RUN, s.admit(gen("a"), false));
        assertEquals(Admission.RUN, s.admit(gen("b"), false));
        Generation c = gen("c");
        Generation d = gen("d");
        assertEquals(Admission.QUEUED, s.admit(c, false));
        assertEquals(Admission.QUEUED, s.admit(d, false));
        assertEquals(Admission.REJECTED, s.admit(gen("e"), false));
        assertEquals(2, s.running());
        assertEquals(2, s.queued());
        assertEquals(1, c.globalPosition());
        assertEquals(2, d.globalPosition());
        assertEquals(List.of(), calls, "admitting notifies nobody");
    }

    @Test
    void forceQueuesPastTheQueueLimit() {
        Scheduler s = scheduler(1, 0);
        assertEquals(Admission.RUN, s.admit(gen("a"), false));
        assertEquals(Admission.REJECTED, s.admit(gen("b"), false));
        Generation accepted = gen("c");
        assertEquals(Admission.QUEUED, s.admit(accepted, true));
        assertEquals(1, accepted.globalPosition());
        assertEquals(1, s.queued());
    }

    @Test
    void aReleasedSlotGoesToTheOldestQueuedGenerationAndTheRestHearOfTheirPlacesOnceWithinTheInterval() {
        Scheduler s = scheduler(1, 10);
        s.admit(gen("a"), false);
        Generation b = gen("b");
        Generation c = gen("c");
        Generation d = gen("d");
        s.admit(b, false);
        s.admit(c, false);
        s.admit(d, true);

        s.release();
        assertEquals(List.of("b:admitted"), calls, "a freed slot tells the one it admits, and no one else at once");
        assertEquals(0, b.globalPosition());
        assertEquals(1, s.running());
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> calls.size() == 3);
        assertEquals(List.of("b:admitted", "c:positionChanged", "d:positionChanged"), calls);
        assertEquals(1, c.globalPosition());
        assertEquals(2, d.globalPosition());
    }

    /**
     * A freed slot costs O(1): however many slots free up within one interval, those still waiting
     * are numbered once and each hears once (before, every release renumbered and told them all).
     */
    @Test
    void manyReleasesWithinOneIntervalTellEachWaitingGenerationOnce() {
        Scheduler s = scheduler(3, 100);
        for (int i = 0; i < 3; i++) {
            s.admit(gen("running" + i), false);
        }
        for (int i = 0; i < 10; i++) {
            s.admit(gen("q" + i), false);
        }
        s.release();
        s.release();
        s.release();
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> calls.stream().filter(c -> c.endsWith("positionChanged")).count() == 7);
        Awaitility.await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                .until(() -> calls.stream().filter(c -> c.endsWith("positionChanged")).count() == 7);
        assertEquals(List.of("q0:admitted", "q1:admitted", "q2:admitted"), calls.subList(0, 3));
    }

    @Test
    void aReleaseWithNothingQueuedFreesTheSlotForTheNextAdmission() {
        Scheduler s = scheduler(1, 1);
        s.admit(gen("a"), false);
        s.release();
        assertEquals(0, s.running());
        assertEquals(List.of(), calls);
        assertEquals(Admission.RUN, s.admit(gen("b"), false));
    }

    @Test
    void removingAQueuedGenerationNotifiesNobodyAtOnceAndTheRestHearOfTheirPlacesLater() {
        Scheduler s = scheduler(1, 10);
        s.admit(gen("a"), false);
        Generation b = gen("b");
        Generation c = gen("c");
        Generation d = gen("d");
        s.admit(b, false);
        s.admit(c, false);
        s.admit(d, false);

        assertTrue(s.remove(c));
        assertEquals(0, c.globalPosition());
        assertEquals(List.of(), calls, "a session may call it under its own lock");
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> calls.size() == 2);
        assertEquals(List.of("b:positionChanged", "d:positionChanged"), calls);
        assertEquals(1, b.globalPosition());
        assertEquals(2, d.globalPosition());

        calls.clear();
        s.release();
        assertEquals(List.of("b:admitted"), calls, "the removed one is never admitted");
    }

    @Test
    void removingAGenerationThatIsNotQueuedSaysSo() {
        Scheduler s = scheduler(1, 10);
        Generation running = gen("a");
        s.admit(running, false);
        assertFalse(s.remove(running));
        Generation queued = gen("b");
        s.admit(queued, false);
        s.release(); // b is admitted before its session gets to remove it
        assertFalse(s.remove(queued));
    }

    @Test
    void aRefreshAskedForSeveralTimesWithinTheIntervalReachesItsHostOnce() {
        Scheduler s = scheduler(1, 10);
        Generation waiting = gen("w");
        for (int i = 0; i < 5; i++) {
            s.refreshSoon(waiting);
        }
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> calls.size() == 1);
        Awaitility.await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> calls.size() == 1);
        assertEquals(List.of("w:positionChanged"), calls);
    }

    @Test
    void hostsAreNotifiedWithTheSchedulerLockReleased() {
        Scheduler s = scheduler(1, 10);
        s.admit(gen("a"), false);
        // Another thread must be able to use the scheduler from inside the notification.
        Generation b = new Generation("b", new RecordingHost("b") {
            @Override
            public void admitted() {
                super.admitted();
                CompletableFuture.supplyAsync(s::queued).orTimeout(2, TimeUnit.SECONDS).join();
            }
        });
        s.admit(b, false);
        s.release();
        assertEquals(List.of("b:admitted"), calls);
    }

    private Generation gen(String id) {
        return new Generation(id, new RecordingHost(id));
    }

    /** A host that records the scheduler's calls; token and end are the runner's business, not used here. */
    private class RecordingHost implements GenerationHost {
        private final String id;

        RecordingHost(String id) {
            this.id = id;
        }

        @Override
        public void token(String text) {
            calls.add(id + ":token");
        }

        @Override
        public void end(Reason reason, Outcome outcome, String error) {
            calls.add(id + ":end");
        }

        @Override
        public void admitted() {
            calls.add(id + ":admitted");
        }

        @Override
        public void positionChanged() {
            calls.add(id + ":positionChanged");
        }

        @Override
        public void released() {
            calls.add(id + ":released");
        }
    }
}
