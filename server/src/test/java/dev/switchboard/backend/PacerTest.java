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
    void aStepNeverRunsBeforeItsDelay() throws InterruptedException {
        List<Timed> steps = new ArrayList<>();
        for (int delay : new int[] {1, 5, 20, 80, 300}) {
            Timed step = new Timed();
            steps.add(step);
            pacer.scheduleAt(step, pacer.tickAfter(delay));
        }
        int[] delays = {1, 5, 20, 80, 300};
        for (int i = 0; i < steps.size(); i++) {
            assertTrue(steps.get(i).ran.await(5, TimeUnit.SECONDS), "step " + i + " never ran");
            double ms = steps.get(i).elapsedNanos / 1e6;
            assertTrue(ms >= delays[i], "ran after " + ms + " ms, asked " + delays[i]);
        }
    }

    @Test
    void stepsDueLaterRunLaterOnOneWheel() {
        Pacer one = new Pacer(1);
        ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
        List<Integer> delays = new ArrayList<>(List.of(3, 40, 12, 25, 60, 7, 90, 18));
        for (int delay : delays) {
            one.scheduleAt(new Pacer.Step() {
                @Override
                public void run() {
                    order.add(delay);
                }
            }, one.tickAfter(delay));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == delays.size());
        one.close();
        Collections.sort(delays);
        assertEquals(delays, List.copyOf(order));
    }

    /** Paces itself as the echo does: each step due two ticks after the one before was due. */
    private final class Chain extends Pacer.Step {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger early = new AtomicInteger();
        private long due;

        void start() {
            due = pacer.tickAfter(2);
            pacer.scheduleAt(this, due);
        }

        @Override
        public void run() {
            if (pacer.tickNow() < due) {
                early.incrementAndGet();
            }
            if (runs.incrementAndGet() < 50) {
                due = Math.max(due, pacer.tickNow()) + 2;
                pacer.scheduleAt(this, due);
            }
        }
    }

    @Test
    void aStepThatSchedulesItselfOnAGridRunsEveryTimeNeverBeforeItsTick() {
        Chain chain = new Chain();
        long start = System.nanoTime();
        chain.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> chain.runs.get() == 50);
        assertEquals(0, chain.early.get(), "steps that ran before their tick");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(99),
                "50 steps two ticks apart in under 99 ms");
    }

    @Test
    void anEmptyWheelWakesForANewStepAndAFailingStepDoesNotStopIt() throws InterruptedException {
        Timed first = new Timed();
        pacer.scheduleAt(first, pacer.tickAfter(1));
        assertTrue(first.ran.await(5, TimeUnit.SECONDS));
        pacer.scheduleAt(new Pacer.Step() {
            @Override
            public void run() {
                throw new IllegalStateException("a step failed (expected in this test)");
            }
        }, pacer.tickAfter(1));
        Timed second = new Timed();
        pacer.scheduleAt(second, pacer.tickAfter(500));
        Timed third = new Timed();
        pacer.scheduleAt(third, pacer.tickAfter(2)); // earlier than the wheel's planned wake-up: it must be woken
        assertTrue(third.ran.await(5, TimeUnit.SECONDS));
        assertTrue(third.elapsedNanos < TimeUnit.MILLISECONDS.toNanos(250), "woken late: " + third.elapsedNanos / 1e6 + " ms");
        assertTrue(second.ran.await(5, TimeUnit.SECONDS));
    }
}
