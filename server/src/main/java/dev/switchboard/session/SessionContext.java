package dev.switchboard.session;

import dev.switchboard.generation.GenerationRunner;
import dev.switchboard.generation.Scheduler;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What every session of a server shares: the scheduler, the runner, the limits, and the hooks back to
 * the registry and the metrics. One per server, never static.
 *
 * @param queueLimit prompts that may wait behind the running one, per session
 * @param logCapacity events kept for resume, at least, per session
 * @param idle called (with no lock held) when a session may have become idle, so its expiry is renewed
 */
record SessionContext(Scheduler scheduler, GenerationRunner runner, int queueLimit, int logCapacity,
                      AtomicLong generationIds, Consumer<Session> idle, SessionObserver observer) {

    String nextGenerationId() {
        return "g" + generationIds.incrementAndGet();
    }
}
