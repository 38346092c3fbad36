package dev.switchboard.backend;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.switchboard.generation.GenerationCancelledException;
import dev.switchboard.generation.Outcome;
import dev.switchboard.generation.TokenSink;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Reads one streamed chat completion as it arrives: each SSE event's {@code delta.content} becomes a
 * token; {@code finish_reason} and {@code usage} go into {@code done.details}; {@code [DONE]} (or the
 * end of the stream after a finish reason) completes the reply.
 *
 * <p>After {@code [DONE]} the body is still read to its end (a few bytes: the chunked terminator), so
 * that the HTTP client returns the connection to its pool and the next prompt skips a TCP (and TLS)
 * handshake. Cancelling the subscription instead would close the connection. A server that keeps the
 * body open past {@code [DONE]} is cut off after {@link #DRAIN_AFTER_DONE}. A cancelled or failed
 * reply does close its connection: that is how model servers learn to stop generating.
 *
 * <p>Concurrency: the HTTP client calls the subscriber methods serially (Reactive Streams rule 1.3);
 * {@link #cancel} may come from any thread and only cancels the subscription, which is thread-safe.
 * {@code result} is completed once, by whichever comes first.
 */
final class ChatStream implements Flow.Subscriber<String> {

    /** How long the rest of a body may take after {@code [DONE]} before the connection is closed. */
    static final Duration DRAIN_AFTER_DONE = Duration.ofSeconds(5);

    private final TokenSink sink;
    private final CompletableFuture<Outcome> result;
    private final IntConsumer promptTokens;
    private final SseParser parser = new SseParser(this::event);
    private volatile Flow.Subscription subscription;
    private String finishReason;
    private JsonObject usage;
    private boolean finished;
    private volatile boolean ended; // the body reached its end (or failed): nothing left to drain

    /** @param promptTokens is told the {@code usage.prompt_tokens} of a reply that reports it */
    ChatStream(TokenSink sink, CompletableFuture<Outcome> result, IntConsumer promptTokens) {
        this.sink = sink;
        this.result = result;
        this.promptTokens = promptTokens;
    }

    /** Stops reading; the HTTP client closes the connection, so the model server stops generating. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(String line) {
        if (result.isDone()) {
            return; // drained: after [DONE], or after a cancel that has not reached the client yet
        }
        try {
            parser.line(line);
        } catch (GenerationCancelledException e) {
            result.cancel(false);
            cancel();
        } catch (RuntimeException e) {
            fail(new UpstreamException("stream-malformed", "the model server sent a malformed stream event",
                    "a data: event that is not a chat-completion chunk: " + e));
        }
    }

    @Override
    public void onError(Throwable error) {
        ended = true;
        if (!result.isDone()) {
            fail(new UpstreamException("stream-broken", "the connection to the model server broke mid-reply",
                    UpstreamErrors.describe(error)));
        }
    }

    @Override
    public void onComplete() {
        ended = true;
        if (result.isDone()) {
            return;
        }
        parser.end();
        if (finished || finishReason != null) {
            complete();
        } else {
            fail(new UpstreamException("stream-cut", "the model server closed the stream before the reply was finished",
                    "the body ended with no [DONE] and no finish_reason"));
        }
    }

    private void event(String data) {
        if (finished) {
            return;
        }
        if (data.equals("[DONE]")) {
            finished = true;
            complete();
            CompletableFuture.delayedExecutor(DRAIN_AFTER_DONE.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (!ended) {
                    cancel();
                }
            });
            return;
        }
        JsonObject chunk = JsonParser.parseString(data).getAsJsonObject();
        if (chunk.has("error")) {
            fail(new UpstreamException("stream-error", "the model server reported an error mid-reply",
                    "an error event: " + UpstreamErrors.excerpt(data)));
            return;
        }
        if (chunk.get("usage") instanceof JsonObject u) {
            usage = u;
        }
        if (chunk.get("choices") instanceof JsonArray choices && !choices.isEmpty()
                && choices.get(0) instanceof JsonObject choice) {
            if (choice.get("delta") instanceof JsonObject delta && delta.get("content") != null
                    && delta.get("content").isJsonPrimitive()) {
                sink.token(delta.get("content").getAsString());
            }
            if (choice.get("finish_reason") != null && choice.get("finish_reason").isJsonPrimitive()) {
                finishReason = choice.get("finish_reason").getAsString();
            }
        }
    }

    private void complete() {
        JsonObject details = new JsonObject();
        if (finishReason != null) {
            details.addProperty("finish_reason", finishReason);
        }
        if (usage != null) {
            details.add("usage", usage);
            if (usage.get("prompt_tokens") instanceof JsonPrimitive p && p.isNumber()) {
                promptTokens.accept(p.getAsInt());
            }
        }
        result.complete(Outcome.stop().withDetails(details.isEmpty() ? null : details));
    }

    private void fail(UpstreamException failure) {
        result.completeExceptionally(failure);
        cancel();
    }
}
