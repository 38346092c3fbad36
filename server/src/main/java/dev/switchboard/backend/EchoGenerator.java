package dev.switchboard.backend;

import com.google.gson.JsonObject;
import dev.switchboard.generation.AsyncGenerator;
import dev.switchboard.generation.GenerationCancelledException;
import dev.switchboard.generation.InvalidParamsException;
import dev.switchboard.generation.Outcome;
import dev.switchboard.generation.Prompt;
import dev.switchboard.generation.TokenSink;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The built-in deterministic generator: replies with the prompt itself, a word per token, paced by
 * {@code delayMs}. Demos, tests and load tests check every byte of it.
 *
 * <p>It shows both generator shapes: by default it is asynchronous (each token is a step on the
 * {@link Pacer}, no thread waits; a reply with no pause, {@code delayMs: 0}, is a burst that takes
 * turns on the pacer, a slice at a time); with {@code blocking: true} it sleeps on the generation's own
 * thread between tokens, as a synchronous model loop would.
 *
 * <p>Concurrency: one {@link Run} per generation; its steps run one after another (each schedules the
 * next), so its fields need no lock. A cancel completes its result from another thread; the next step
 * sees that and stops.
 */
public final class EchoGenerator implements AsyncGenerator {

    /** Longest reply it will make, in characters: {@code repeat} times a 64 KiB prompt is too much. */
    static final int MAX_REPLY_CHARS = 4_000_000;

    /** Longest reply that {@link #startsAtOnce} starts on the caller's thread. */
    static final int IN_PLACE_REPLY_CHARS = 16 * 1024;

    private final Pacer pacer;
    private final long defaultDelayMs;

    /**
     * @param pacer paces the asynchronous mode
     * @param defaultDelay the pause before each token when the prompt does not set {@code delayMs}
     */
    public EchoGenerator(Pacer pacer, Duration defaultDelay) {
        this.pacer = pacer;
        this.defaultDelayMs = defaultDelay.toMillis();
    }

    @Override
    public void checkParams(JsonObject params) throws InvalidParamsException {
        EchoParams.parse(params, defaultDelayMs);
    }

    /**
     * A reply of up to {@value #IN_PLACE_REPLY_CHARS} characters starts at once: building it and
     * scheduling its first step (or its first turn as a burst) take microseconds. The blocking mode
     * sleeps on the generation's own thread, and a long reply is built off the caller's thread.
     */
    @Override
    public boolean startsAtOnce(Prompt prompt) {
        try {
            EchoParams params = EchoParams.parse(prompt.params(), defaultDelayMs);
            return !params.blocking() && params.replyChars(prompt.text()) <= IN_PLACE_REPLY_CHARS;
        } catch (InvalidParamsException e) {
            return false;
        }
    }

    @Override
    public CompletionStage<Outcome> generate(Prompt prompt, TokenSink sink) {
        EchoParams params;
        try {
            params = EchoParams.parse(prompt.params(), defaultDelayMs);
        } catch (InvalidParamsException e) {
            return CompletableFuture.failedFuture(e); // checked before, so only a changed default gets here
        }
        if (params.replyChars(prompt.text()) > MAX_REPLY_CHARS) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "the echo reply would exceed " + MAX_REPLY_CHARS + " characters: lower 'repeat'"));
        }
        String reply = EchoTokens.reply(prompt.text(), params.repeat());
        if (params.blocking()) {
            return blocking(reply, params, sink);
        }
        Run run = new Run(reply, params, sink);
        prompt.onCancel(run::stop);
        long firstPause = params.firstPauseMs();
        if (firstPause == 0) {
            pacer.burst(run); // on the pacer, a slice at a time: never a thread's worth of CPU for one reply
        } else {
            run.scheduleFirst(firstPause);
        }
        return run.result;
    }

    /** Each token cut from the reply when it is due: two million of them up front were 100 MB of garbage. */
    private static CompletionStage<Outcome> blocking(String reply, EchoParams params, TokenSink sink) {
        try {
            int emitted = 0;
            for (int start = 0; start < reply.length(); emitted++) {
                long pause = params.delayMs() + (emitted == 0 ? params.firstTokenDelayMs() : 0);
                if (pause > 0) {
                    Thread.sleep(pause);
                }
                failIfDue(params.failAfter(), emitted);
                int end = EchoTokens.end(reply, start);
                sink.token(reply.substring(start, end));
                start = end;
            }
            failIfDue(params.failAfter(), emitted);
            return CompletableFuture.completedFuture(Outcome.stop());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new GenerationCancelledException());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void failIfDue(int failAfter, int emitted) {
        if (failAfter == emitted) {
            throw new IllegalStateException("echo failed after " + emitted + " tokens, as failAfter asked");
        }
    }

    /**
     * One asynchronous echo: one pacer step, run once per token, or for a slice of tokens when it is a
     * burst ({@code delayMs: 0}). What each run reads is in the step itself (the reply, the delay, a
     * stop flag) rather than behind the params record and the future, which with thousands of replies
     * were cache misses on every token. Each token is cut from the reply when it is due, not split up
     * front: 40 strings held for the two seconds of a paced reply outlived a young collection or two,
     * and G1 copied and promoted them.
     */
    private final class Run extends Pacer.Step {
        final CompletableFuture<Outcome> result = new CompletableFuture<>();
        private final String reply;
        private final long delayMs;
        private final int failAfter;
        private final TokenSink sink;
        private volatile boolean stopped;
        private int pos; // where the next token starts in the reply
        private int next; // the next token's index
        private long dueTick; // the tick this run's next step is due in

        Run(String reply, EchoParams params, TokenSink sink) {
            this.reply = reply;
            this.delayMs = params.delayMs();
            this.failAfter = params.failAfter();
            this.sink = sink;
        }

        @Override
        public void run() {
            try {
                long sliceEnd = delayMs == 0 ? System.nanoTime() + Pacer.BURST_SLICE_NANOS : 0;
                do {
                    if (stopped) {
                        return;
                    }
                    failIfDue(failAfter, next);
                    if (pos == reply.length()) {
                        result.complete(Outcome.stop());
                        return;
                    }
                    int end = EchoTokens.end(reply, pos);
                    String token = reply.substring(pos, end);
                    pos = end;
                    next++;
                    sink.token(token);
                    if (pos == reply.length()) {
                        failIfDue(failAfter, next);
                        result.complete(Outcome.stop());
                        return;
                    }
                } while (delayMs == 0 && ((next & 15) != 0 || System.nanoTime() - sliceEnd < 0));
                if (delayMs == 0) {
                    pacer.burst(this); // its slice is used up: to the back of the bursts
                } else {
                    scheduleNext(delayMs);
                }
            } catch (GenerationCancelledException e) {
                result.cancel(false);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        void scheduleFirst(long delayMs) {
            dueTick = pacer.tickAfter(delayMs);
            pacer.scheduleAt(this, dueTick);
        }

        /** delayMs after the tick this token was due in, or after now when it ran late: no catch-up burst. */
        void scheduleNext(long delayMs) {
            dueTick = Math.max(dueTick, pacer.tickNow()) + delayMs;
            pacer.scheduleAt(this, dueTick);
        }

        void stop() {
            stopped = true; // the pending step returns at once when it fires
            result.cancel(false);
        }
    }
}
