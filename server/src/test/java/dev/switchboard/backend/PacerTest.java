package dev.switchboard.backend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The echo's timing wheel on its own: when steps run, in what order, and that it sleeps and wakes. */
@Timeout(20)
class PacerTest {

    private final Pacer pacer = new Pacer(2);

    @AfterEach
    void close() {
        pacer.close();
    }

    /** Records when it ran, measured from when it was scheduled. */
    private static final class Timed extends Pacer.Step {
        final long scheduledAt = System.nanoTime();
        final CountDownLatch ran = new CountDownLatch(1);
        volatile long elapsedNanos;

        @Override
        public void run() {
            elapsedNanos = System.nanoTime() - scheduledAt;
            ran.countDown();
        }
    }

    @Test
    void aStepRunsAfterItsDelayToTheNearestMillisecond() throws InterruptedException {
        List<Timed> steps = new ArrayList<>();
        for (int delay : new int[] {1, 5, 20, 80, 300}) {
            Timed step = new Timed();
            steps.add(step);
            pacer.schedule(step, delay);
        }
        int[] delays = {1, 5, 20, 80, 300};
        for (int i = 0; i < steps.size(); i++) {
            assertTrue(steps.get(i).ran.await(5, TimeUnit.SECONDS), "step " + i + " never ran");
            double ms = steps.get(i).elapsedNanos / 1e6;
            assertTrue(ms >= delays[i] - 1, "ran after " + ms + " ms, asked " + delays[i]);
        }
    }

    @Test
    void stepsDueLaterRunLaterOnOneWheel() {
        Pacer one = new Pacer(1);
        ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
        List<Integer> delays = new ArrayList<>(List.of(3, 40, 12, 25, 60, 7, 90, 18));
        for (int delay : delays) {
            one.schedule(new Pacer.Step() {
                @Override
                public void run() {
                    order.add(delay);
                }
            }, delay);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == delays.size());
        one.close();
        Collections.sort(delays);
        assertEquals(delays, List.copyOf(order));
    }

    @Test
    void aStepThatSchedulesItselfAgainRunsEveryTime() {
        AtomicInteger runs = new AtomicInteger();
        Pacer.Step chain = new Pacer.Step() {
            @Override
            public void run() {
                if (runs.incrementAndGet() < 50) {
                    pacer.schedule(this, 2);
                }
            }
        };
        long start = System.nanoTime();
        pacer.schedule(chain, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 50);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(95), "50 steps of 2 ms in under 95 ms");
    }

    @Test
    void anEmptyWheelWakesForANewStepAndAFailingStepDoesNotStopIt() throws InterruptedException {
        Timed first = new Timed();
        pacer.schedule(first, 1);
        assertTrue(first.ran.await(5, TimeUnit.SECONDS));
        pacer.schedule(new Pacer.Step() {
            @Override
            public void run() {
                throw new IllegalStateException("a step failed (expected in this test)");
            }
        }, 1);
        Timed second = new Timed();
        pacer.schedule(second, 500);
        Timed third = new Timed();
        pacer.schedule(third, 2); // earlier than the wheel's planned wake-up: it must be woken
        assertTrue(third.ran.await(5, TimeUnit.SECONDS));
        assertTrue(third.elapsedNanos < TimeUnit.MILLISECONDS.toNanos(250), "woken late: " + third.elapsedNanos / 1e6 + " ms");
        assertTrue(second.ran.await(5, TimeUnit.SECONDS));
    }
}
