package dev.switchboard.session;

import dev.switchboard.config.SessionConfig;
import dev.switchboard.generation.GenerationRunner;
import dev.switchboard.generation.Scheduler;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What every session of a server shares: the scheduler, the runner, the settings, and the hooks back
 * to the registry and the metrics. One per server, never static.
 *
 * @param idle called (with no lock held) when a session may have become idle, so its expiry is renewed
 * @param takeConversationSlot called once, under the session's lock, when a session gets its first
 *     prompt: false when the server holds as many conversations as it may
 */
record SessionContext(Scheduler scheduler, GenerationRunner runner, SessionConfig config, AtomicLong generationIds,
                      Consumer<Session> idle, BooleanSupplier takeConversationSlot, SessionObserver observer) {

    String nextGenerationId() {
        return "g" + generationIds.incrementAndGet();
    }
}
