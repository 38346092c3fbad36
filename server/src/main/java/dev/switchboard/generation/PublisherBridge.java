package dev.switchboard.generation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Subscribes to a token publisher on behalf of {@link AsyncGenerator#fromPublisher}.
 *
 * <p>Concurrency: the publisher calls {@code onNext}/{@code onError}/{@code onComplete} serially
 * (Reactive Streams rule 1.3); cancel may come from another thread, and
 * {@link Flow.Subscription#cancel} is thread-safe by the same spec.
 */
final class PublisherBridge implements Flow.Subscriber<String> {

    private final Prompt prompt;
    private final TokenSink sink;
    private final CompletableFuture<Outcome> result;

    PublisherBridge(Prompt prompt, TokenSink sink, CompletableFuture<Outcome> result) {
        this.prompt = prompt;
        this.sink = sink;
        this.result = result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        prompt.onCancel(() -> {
            subscription.cancel();
            result.cancel(false); // the publisher stops at the cancel (Reactive Streams rule 3.5): the slot is free
        });
        result.whenComplete((outcome, error) -> {
            if (error != null) {
                subscription.cancel();
            }
        });
        subscription.request(Long.MAX_VALUE); // the outbox, not the publisher, applies backpressure
    }

    @Override
    public void onNext(String token) {
        try {
            sink.token(token);
        } catch (GenerationCancelledException e) {
            result.cancel(false);
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(Outcome.stop());
    }
}
