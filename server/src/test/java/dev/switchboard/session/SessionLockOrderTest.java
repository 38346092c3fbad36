package dev.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.generation.BlockingGenerator;
import dev.switchboard.generation.GenerationRunner;
import dev.switchboard.generation.Outcome;
import dev.switchboard.generation.Scheduler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lock order is registry entry &gt; session: nothing may renew a session's expiry (a registry
 * compute) while it holds that session's lock.
 */
@Timeout(30)
class SessionLockOrderTest {

    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    /**
     * Regression (a deadlock seen under the hostile load test): a write to a connection failed inside
     * a delivery, under the session's lock; the close it set off detached the connection and renewed
     * the session's expiry there, waiting for its registry entry, while a hello held that entry and
     * waited for the session's lock.
     */
    @Test
    void aSubscriberThatLetsGoFromInsideADeliveryWhileAHelloHoldsTheEntryDoesNotDeadlock() throws Exception {
        Scheduler scheduler = new Scheduler(10, 10, timers);
        BlockingGenerator none = (prompt, sink) -> Outcome.stop();
        GenerationRunner runner = new GenerationRunner(none, scheduler, timers, Ticker.systemTicker(),
                Duration.ofMinutes(1), Duration.ofMinutes(1));
        SessionRegistry registry = new SessionRegistry(runner, scheduler, SwitchboardConfig.builder().build().sessions(),
                Ticker.systemTicker(), SessionObserver.NONE);
        Session session = registry.create(null);
        CountDownLatch helloInside = new CountDownLatch(1);
        CountDownLatch delivered = new CountDownLatch(1);
        Subscriber failing = new RecordingSubscriber() {
            @Override
            public void frame(String json) { // the welcome, under the session's lock: its write "fails"
                await(helloInside);
                session.detach(this);
                delivered.countDown();
            }
        };
        Thread writer = Thread.ofPlatform().daemon().start(() -> session.attach(failing, null, true));
        Thread hello = Thread.ofPlatform().daemon().start(() -> registry.with(session.id(), s -> helloInside.countDown()));

        assertTrue(delivered.await(5, TimeUnit.SECONDS), "the delivery that let go finished");
        writer.join(5000);
        hello.join(5000);
        assertFalse(writer.isAlive() || hello.isAlive(), "deadlocked: " + writer.getState() + ", " + hello.getState());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
