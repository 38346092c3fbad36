package dev.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.gson.JsonObject;
import dev.switchboard.ManualClock;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.generation.BlockingGenerator;
import dev.switchboard.generation.GenerationRunner;
import dev.switchboard.generation.Outcome;
import dev.switchboard.generation.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A session stays consistent whatever its callers do: a subscriber that throws, a close with prompts
 * waiting, a prompt that lands just as the last connection lets go. Built from the session package's
 * own parts (registry, scheduler, runner) with a generator the test controls.
 */
@Timeout(30)
class SessionConsistencyTest {

    private static final Duration TTL = Duration.ofMinutes(30);
    /** A generator that runs until its reply is cancelled (or shut down). */
    private static final BlockingGenerator UNTIL_CANCELLED = (prompt, sink) -> {
        while (!prompt.isCancelled()) {
            Thread.sleep(10);
        }
        return Outcome.stop();
    };

    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private final ManualClock clock = new ManualClock();
    private final AtomicInteger generated = new AtomicInteger();
    private SessionRegistry registry;

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private Session newSession(BlockingGenerator generator) {
        Scheduler scheduler = new Scheduler(10, 10, timers);
        BlockingGenerator counting = (prompt, sink) -> {
            generated.incrementAndGet();
            return generator.generate(prompt, sink);
        };
        GenerationRunner runner = new GenerationRunner(counting, scheduler, timers, clock, Duration.ofMinutes(5),
                Duration.ofMinutes(5));
        registry = new SessionRegistry(runner, scheduler, SwitchboardConfig.builder().sessionTtl(TTL).build().sessions(),
                clock, SessionObserver.NONE);
        return registry.create(null);
    }

    /** Regression: a delivery that threw inside a reply's end left the next prompt waiting for ever. */
    @Test
    void aSubscriberThatThrowsDoesNotKeepTheNextPromptFromRunning() {
        Session session = newSession((prompt, sink) -> Outcome.stop());
        RecordingSubscriber healthy = new RecordingSubscriber();
        session.attach(healthy, null, true);
        session.attach(new RecordingSubscriber() {
            @Override
            public void event(SessionEvent event) {
                if (event.kind() == SessionEvent.Kind.DONE) {
                    throw new IllegalStateException("a broken subscriber (expected in this test)");
                }
            }
        }, null, false);
        assertSame(Session.Submit.ACCEPTED, session.submit("p1", "one", new JsonObject()));
        assertSame(Session.Submit.ACCEPTED, session.submit("p2", "two", new JsonObject()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> healthy.dones() == 2);
    }

    /** Regression: closing a session promoted its next prompt and started its generator, only to end it. */
    @Test
    void closingASessionEndsItsWaitingPromptsWithoutStartingTheirGenerators() {
        Session session = newSession(UNTIL_CANCELLED);
        RecordingSubscriber client = new RecordingSubscriber();
        session.attach(client, null, true);
        session.submit("p1", "running", new JsonObject());
        session.submit("p2", "waiting", new JsonObject());
        session.submit("p3", "waiting too", new JsonObject());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> generated.get() == 1);

        session.close();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.dones() == 3);
        assertEquals(1, generated.get(), "only the running prompt's generator was ever called");
    }

    /**
     * Regression: a prompt accepted just after the last connection let go (a close on another thread
     * racing the frame thread) left the session's expiry as the detach had set it: it could expire
     * with its reply still running.
     */
    @Test
    void aPromptAcceptedAfterTheLastConnectionLetGoKeepsTheSessionWhileItRuns() {
        Session session = newSession(UNTIL_CANCELLED);
        RecordingSubscriber client = new RecordingSubscriber();
        session.attach(client, null, true);
        session.detach(client); // the close, first...
        session.submit("p1", "still working", new JsonObject()); // ...then the prompt read just before it

        clock.advance(TTL.plusMinutes(1));
        registry.cache().cleanUp();
        assertNotNull(registry.find(session.id()), "a session with a running reply does not expire");
        session.close();
    }
}
