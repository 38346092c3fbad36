package dev.switchboard.generation;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * A generator that works asynchronously: {@link #generate} starts the work and returns at once; tokens
 * reach the sink from any thread; the returned stage completes with the {@link Outcome}.
 *
 * <p>On cancel or timeout the reply ends at once and the {@link Prompt#onCancel} hooks run: stop the
 * upstream work there (abort the HTTP request, cancel the subscription), then complete the stage
 * (any way: normally, exceptionally, or cancelled). The generation's slot in the server's
 * concurrency limit is given back only when the stage completes, so upstream work that goes on after
 * a cancel still counts against {@link Generator#concurrencyLimit()}; a stage that never completes
 * holds its slot for good.
 */
@FunctionalInterface
public non-sealed interface AsyncGenerator extends Generator {

    /**
     * Starts generating the reply to {@code prompt}. Called on the generation's own virtual thread,
     * or in place when {@link #startsAtOnce} says so.
     *
     * @return a stage that completes with the outcome, or exceptionally when the generator fails
     */
    CompletionStage<Outcome> generate(Prompt prompt, TokenSink sink);

    /**
     * Whether {@link #generate} returns at once for this prompt: it neither blocks nor computes for
     * long, and hands the sink no token before it returns. The server then calls it on the thread
     * that starts the generation (a network or timer thread, holding the session's lock) rather than
     * on a new virtual thread; starting one per reply cost about 6% of the server's CPU with short
     * echo replies. False by default: a generate that resolves a host name, takes a lock or streams
     * synchronously needs its own thread, or it stalls other users.
     */
    default boolean startsAtOnce(Prompt prompt) {
        return false;
    }

    /**
     * Adapts a {@link Flow.Publisher} of tokens: each item is a token, completion is
     * {@link Outcome#stop()}, an error fails the reply, cancel cancels the subscription.
     */
    static AsyncGenerator fromPublisher(Function<Prompt, Flow.Publisher<String>> source) {
        Objects.requireNonNull(source, "source");
        return (prompt, sink) -> {
            CompletableFuture<Outcome> result = new CompletableFuture<>();
            source.apply(prompt).subscribe(new PublisherBridge(prompt, sink, result));
            return result;
        };
    }
}
