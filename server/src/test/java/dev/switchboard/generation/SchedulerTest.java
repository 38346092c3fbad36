package dev.switchboard.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

    @Test
    void generationsRunWhileSlotsAreFreeThenQueueThenAreRejected() {
        Scheduler s = new Scheduler(2, 2);
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
        Scheduler s = new Scheduler(1, 0);
        assertEquals(Admission.RUN, s.admit(gen("a"), false));
        assertEquals(Admission.REJECTED, s.admit(gen("b"), false));
        Generation accepted = gen("c");
        assertEquals(Admission.QUEUED, s.admit(accepted, true));
        assertEquals(1, accepted.globalPosition());
        assertEquals(1, s.queued());
    }

    @Test
    void aReleasedSlotGoesToTheOldestQueuedGenerationAndTheRestMoveUp() {
        Scheduler s = new Scheduler(1, 10);
        s.admit(gen("a"), false);
        Generation b = gen("b");
        Generation c = gen("c");
        Generation d = gen("d");
        s.admit(b, false);
        s.admit(c, false);
        s.admit(d, true);

        s.release();
        assertEquals(List.of("b:admitted", "c:positionChanged", "d:positionChanged"), calls);
        assertEquals(0, b.globalPosition());
        assertEquals(1, c.globalPosition());
        assertEquals(2, d.globalPosition());
        assertEquals(1, s.running());

        calls.clear();
        s.release();
        s.release();
        assertEquals(List.of("c:admitted", "d:positionChanged", "d:admitted"), calls);
        assertEquals(0, s.queued());
    }

    @Test
    void aReleaseWithNothingQueuedFreesTheSlotForTheNextAdmission() {
        Scheduler s = new Scheduler(1, 1);
        s.admit(gen("a"), false);
        s.release();
        assertEquals(0, s.running());
        assertEquals(List.of(), calls);
        assertEquals(Admission.RUN, s.admit(gen("b"), false));
    }

    @Test
    void removingAQueuedGenerationRenumbersTheOthersWithoutNotifyingThem() {
        Scheduler s = new Scheduler(1, 10);
        s.admit(gen("a"), false);
        Generation b = gen("b");
        Generation c = gen("c");
        Generation d = gen("d");
        s.admit(b, false);
        s.admit(c, false);
        s.admit(d, false);

        assertEquals(List.of(b, d), s.remove(c));
        assertEquals(0, c.globalPosition());
        assertEquals(1, b.globalPosition());
        assertEquals(2, d.globalPosition());
        assertEquals(List.of(), calls, "the caller notifies, once it holds no lock");

        s.release();
        assertEquals(List.of("b:admitted", "d:positionChanged"), calls, "the removed one is never admitted");
    }

    @Test
    void removingAGenerationThatIsNotQueuedReturnsNull() {
        Scheduler s = new Scheduler(1, 10);
        Generation running = gen("a");
        s.admit(running, false);
        assertNull(s.remove(running));
        Generation queued = gen("b");
        s.admit(queued, false);
        s.release(); // b is admitted before its session gets to remove it
        assertNull(s.remove(queued));
    }

    @Test
    void hostsAreNotifiedWithTheSchedulerLockReleased() {
        Scheduler s = new Scheduler(1, 10);
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
