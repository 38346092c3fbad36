package dev.switchboard.generation;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A blocking generator for tests: a model loop that emits {@code t0 t1 t2 ...} every 10 ms forever,
 * so only cancel or a timeout ends it. It records its thread, how many tokens the sink took, and what
 * stopped it.
 *
 * <p>With {@code ignoreInterrupts} it behaves like a loop that swallows {@link InterruptedException}:
 * then only the sink's {@link GenerationCancelledException} can stop it. After {@code stallAfter}
 * tokens it pauses for a minute before each further token, as a model stuck in a long computation:
 * then only an interrupt can stop it in time.
 */
final class LoopingGenerator implements BlockingGenerator {

    private final boolean ignoreInterrupts;
    private final int stallAfter;
    final AtomicReference<Thread> thread = new AtomicReference<>();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicReference<Throwable> stoppedBy = new AtomicReference<>();

    LoopingGenerator(boolean ignoreInterrupts, int stallAfter) {
        this.ignoreInterrupts = ignoreInterrupts;
        this.stallAfter = stallAfter;
    }

    @Override
    public Outcome generate(Prompt prompt, TokenSink sink) throws Exception {
        thread.set(Thread.currentThread());
        try {
            for (int i = 0; ; i++) {
                pause(i < stallAfter ? 10 : 60_000);
                sink.token("t" + i + " ");
                accepted.incrementAndGet();
            }
        } catch (Exception | Error e) {
            stoppedBy.set(e);
            throw e;
        }
    }

    private void pause(long millis) throws InterruptedException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            if (!ignoreInterrupts) {
                throw e;
            }
        }
    }
}
