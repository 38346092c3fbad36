package dev.switchboard.generation;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Runs each admitted generation on a virtual thread of its own, never on a network thread, so a
 * generator that blocks stalls nobody else; both generator shapes end in the same place.
 *
 * <p>Concurrency: {@link #launch} may be called from any thread (a session holds its lock while it
 * launches; starting a virtual thread does not block). The generation's thread owns the call into the
 * generator; cancel and timeouts reach it through {@link Generation#abort}. The thread gives its
 * scheduler slot back when the generator has really returned, so a generator that ignores cancel
 * still counts against the limit.
 */
public final class GenerationRunner {

    private final Generator generator;
    private final Scheduler scheduler;
    private final ScheduledExecutorService timers;
    private final Duration totalTimeout;
    private final Duration idleTimeout;
    private final ThreadFactory threads = Thread.ofVirtual().name("switchboard-gen-", 0).factory();

    /**
     * @param timers runs the timeout checks (one pending check per generation, not per token)
     * @param totalTimeout the longest a reply may take
     * @param idleTimeout the longest wait for the first token and between tokens
     */
    public GenerationRunner(Generator generator, Scheduler scheduler, ScheduledExecutorService timers,
                            Duration totalTimeout, Duration idleTimeout) {
        this.generator = generator;
        this.scheduler = scheduler;
        this.timers = timers;
        this.totalTimeout = totalTimeout;
        this.idleTimeout = idleTimeout;
    }

    /** Starts {@code gen} on a new virtual thread; it already holds a scheduler slot. */
    public void launch(Generation gen, Prompt prompt) {
        threads.newThread(() -> run(gen, prompt)).start();
    }

    private void run(Generation gen, Prompt prompt) {
        GenerationHost host = gen.host();
        gen.bind(Thread.currentThread(), prompt);
        Watchdog watchdog = new Watchdog(gen, timers, totalTimeout, idleTimeout);
        TokenSink sink = text -> {
            host.token(text);
            watchdog.tokenSeen();
        };
        try {
            if (!prompt.isCancelled()) { // it may have ended between admission and this thread starting
                watchdog.arm();
                Outcome outcome = switch (generator) {
                    case BlockingGenerator blocking -> blocking.generate(prompt, sink);
                    case AsyncGenerator async -> await(async, prompt, sink);
                };
                host.end(Reason.STOP, outcome == null ? Outcome.stop() : outcome, null);
            }
        } catch (GenerationCancelledException | InterruptedException | CancellationException e) {
            // Normally the reply has already ended (cancel, timeout, shutdown) and this is a no-op.
            host.end(Reason.ERROR, null, "the generator was interrupted");
        } catch (Throwable t) {
            host.end(Reason.ERROR, null, describe(t));
        } finally {
            watchdog.disarm();
            scheduler.release();
            host.released();
        }
    }

    private static Outcome await(AsyncGenerator async, Prompt prompt, TokenSink sink) throws Throwable {
        CompletableFuture<Outcome> future = async.generate(prompt, sink).toCompletableFuture();
        prompt.onCancel(() -> future.cancel(true));
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
