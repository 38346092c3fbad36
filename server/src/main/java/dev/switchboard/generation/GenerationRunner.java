package dev.switchboard.generation;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Runs each admitted generation on a virtual thread of its own, never on a network thread, so a
 * generator that blocks stalls nobody else; both generator shapes end in the same place. The one
 * exception is an asynchronous generator that says a prompt {@linkplain AsyncGenerator#startsAtOnce
 * starts at once}: its {@code generate} is called on the launching thread, which saves starting a
 * thread per reply.
 *
 * <p>Concurrency: {@link #launch} may be called from any thread (a session holds its lock while it
 * launches; starting a virtual thread does not block). The generation's thread owns the call into the
 * generator; cancel and timeouts reach it through {@link Generation#abort}. A blocking generator's
 * reply ends on that thread when it returns; an asynchronous one's ends on the thread that completes
 * its future (an echo timer, an HTTP client's thread), so no thread is parked for the length of an
 * asynchronous reply. A reply never ends on the launching thread while it is still launching (ending
 * takes the session's lock and releases a scheduler slot, which must not happen under the caller's
 * lock): a generator started in place that fails or completes at once ends on a virtual thread.
 * Either way the scheduler slot is given back after the generator has really finished, so a
 * generator that ignores cancel still counts against the limit.

 *
 * <p>A blocking generator that streams tokens on the CPU without pause is braked to a rate that leaves
 * its carrier thread free most of the time ({@link TokenBrake}), so that such generators never hold
 * every carrier.
 */
public final class GenerationRunner {

    private final Generator generator;
    private final Scheduler scheduler;
    private final Watchdogs watchdogs;
    private final ScheduledExecutorService timers;
    private final ThreadFactory threads = Thread.ofVirtual().name("switchboard-gen-", 0).factory();


    /**
     * @param timers runs the timeout sweep (one periodic task for all generations) and wakes braked
     *     generations ({@link TokenBrake})
     * @param clock the clock the timeouts are measured on
     * @param totalTimeout the longest a reply may take
     * @param idleTimeout the longest wait for the first token and between tokens
     */
    public GenerationRunner(Generator generator, Scheduler scheduler, ScheduledExecutorService timers, Ticker clock,
                            Duration totalTimeout, Duration idleTimeout) {
        this.generator = generator;
        this.scheduler = scheduler;
        this.watchdogs = new Watchdogs(clock, totalTimeout, idleTimeout);
        this.timers = timers;
        long period = watchdogs.period().toNanos();
        timers.scheduleAtFixedRate(watchdogs::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts {@code gen}, which already holds a scheduler slot: on a new virtual thread, or here when
     * the generator starts this prompt at once.
     */
    public void launch(Generation gen, Prompt prompt) {
        if (generator instanceof AsyncGenerator async && async.startsAtOnce(prompt)) {
            startInPlace(gen, prompt, async);
        } else {
            threads.newThread(() -> run(gen, prompt)).start();
        }
    }

    /**
     * Calls a generator that returns at once on this thread. The generation has no thread of its own
     * to interrupt: cancel reaches it through its stage and the prompt's cancel hooks.
     */
    private void startInPlace(Generation gen, Prompt prompt, AsyncGenerator async) {
        gen.bind(null, prompt);
        Watchdog watchdog = watchdogs.arm(gen);
        InPlace start = new InPlace(new Ending(gen.host(), watchdog));
        try {
            CompletableFuture<Outcome> future = async.generate(prompt, sink(gen.host(), watchdog)).toCompletableFuture();
            future.whenComplete(start::completed);
        } catch (Throwable t) {
            start.completed(null, t);
        }
        start.returned = true;
    }

    private void run(Generation gen, Prompt prompt) {
        GenerationHost host = gen.host();
        gen.bind(Thread.currentThread(), prompt);
        Watchdog watchdog = watchdogs.arm(gen);
        TokenSink sink = sink(host, watchdog);
        Ending ending = new Ending(host, watchdog);
        if (prompt.isCancelled()) { // it may have ended between admission and this thread starting
            watchdogs.disarm(watchdog);
            ending.released();
            return;
        }
        Outcome outcome;
        try {
            switch (generator) {
                case BlockingGenerator blocking -> {
                    TokenBrake brake = new TokenBrake(timers);
                    outcome = blocking.generate(prompt, text -> {
                        sink.token(text);
                        brake.tokenSent();
                    });
                }
                case AsyncGenerator async -> {
                    // No thread waits for an asynchronous reply: it ends on whichever thread completes it.
                    // Cancel does not complete the stage here: the generator does, once its work has
                    // really stopped, and only then is the slot free (see AsyncGenerator).
                    async.generate(prompt, sink).toCompletableFuture().whenComplete(ending::outcome);
                    return;
                }
            }
        } catch (Throwable t) {
            ending.outcome(null, t);
            return;
        }
        ending.outcome(outcome, null);
    }

    private static TokenSink sink(GenerationHost host, Watchdog watchdog) {
        return text -> {
            host.token(text);
            watchdog.tokenSeen();
        };
    }

    /**
     * A generation started in place: it ends on the thread that completes it, unless that is the
     * launching thread before {@code generate} has returned; then on a virtual thread.
     */
    private final class InPlace {
        private final Ending ending;
        volatile boolean returned;

        InPlace(Ending ending) {
            this.ending = ending;
        }

        void completed(Outcome outcome, Throwable failure) {
            if (returned) {
                ending.outcome(outcome, failure);
            } else {
                threads.newThread(() -> ending.outcome(outcome, failure)).start();
            }
        }
    }

    /**
     * How a generation ends, once, on the thread that finished it: the reply ends, then the scheduler
     * slot is given back (a generator that ignores cancel still counts until it really returns).
     */
    private final class Ending {
        private final GenerationHost host;
        private final Watchdog watchdog;

        Ending(GenerationHost host, Watchdog watchdog) {
            this.host = host;
            this.watchdog = watchdog;
        }

        void outcome(Outcome outcome, Throwable failure) {
            try {
                Throwable t = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (t == null) {
                    host.end(Reason.STOP, outcome == null ? Outcome.stop() : outcome, null);
                } else if (t instanceof GenerationCancelledException || t instanceof InterruptedException
                        || t instanceof CancellationException) {
                    // Normally the reply has already ended (cancel, timeout, shutdown) and this is a no-op.
                    host.end(Reason.ERROR, null, "the generator was interrupted");
                } else {
                    host.end(Reason.ERROR, null, describe(t));
                }
            } finally {
                watchdogs.disarm(watchdog);
                released();
            }
        }

        void released() {
            scheduler.release();
            host.released();
        }
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
