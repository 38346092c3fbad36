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
 * <p>On cancel or timeout the stage is cancelled and {@link Prompt#onCancel} hooks run: stop the
 * upstream work there (abort the HTTP request, cancel the subscription).
 */
@FunctionalInterface
public non-sealed interface AsyncGenerator extends Generator {

    /**
     * Starts generating the reply to {@code prompt}. Called on the generation's own thread.
     *
     * @return a stage that completes with the outcome, or exceptionally when the generator fails
     */
    CompletionStage<Outcome> generate(Prompt prompt, TokenSink sink);

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
