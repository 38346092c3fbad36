package dev.switchboard.backend;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.switchboard.generation.Outcome;
import dev.switchboard.generation.Prompt;
import dev.switchboard.generation.TokenSink;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One reply: its request to the model server, and one more when the first does not fit the model's
 * context ({@link ContextErrors}) and had history to drop. When the error states the window and the
 * request's size, the retry's history is chosen to fit that window with the reserve of
 * {@link ContextLimit}, counting tokens at the very ratio the server just reported; otherwise it
 * keeps the newer half of the pairs. Either way it drops at least one pair. A prompt that does not
 * fit on its own is not retried, and a second context error ends the reply with {@code error}. A
 * stated window is remembered for every later request of the backend.
 *
 * <p>Concurrency: {@link #start} runs on the generation's thread; a retry is sent from the HTTP
 * client's thread that read the refusal; {@link #cancel} may come from any thread. {@code lock}
 * guards the exchange under way and whether the call was cancelled, so a cancel either aborts the
 * exchange under way or keeps the next one from being sent. {@code result} completes once.
 */
final class ChatCall {

    private final Upstream upstream;
    private final OpenAiConfig config;
    private final Prompt prompt;
    private final JsonObject params;
    private final TokenSink sink;
    private final CompletableFuture<Outcome> result = new CompletableFuture<>();

    private final ReentrantLock lock = new ReentrantLock();
    private ChatStream stream; // guarded by lock
    private CompletableFuture<HttpResponse<Void>> exchange; // guarded by lock
    private boolean cancelled; // guarded by lock

    ChatCall(Upstream upstream, Prompt prompt, JsonObject params, TokenSink sink) {
        this.upstream = upstream;
        this.config = upstream.config();
        this.prompt = prompt;
        this.params = params;
        this.sink = sink;
    }

    /** The reply's outcome; it completes once the exchange has ended, or been aborted by a cancel. */
    CompletableFuture<Outcome> result() {
        return result;
    }

    /** Sends the first request. */
    void start() {
        send(request(budget(upstream.ratio().charsPerToken(), upstream.limit().window(), config.historyTurns())), 1);
    }

    /**
     * Aborts the exchange under way (closing its connection, which is how model servers learn to stop
     * generating), keeps a retry from being sent, and then completes the reply as cancelled.
     */
    void cancel() {
        ChatStream s;
        CompletableFuture<HttpResponse<Void>> e;
        lock.lock();
        try {
            cancelled = true;
            s = stream;
            e = exchange;
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.cancel();
        }
        if (e != null) {
            e.cancel(true);
        }
        result.cancel(false);
    }

    private void send(ChatRequest chat, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.completionsUrl())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(chat.body()));
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + config.apiKey());
        }
        ChatStream reading = new ChatStream(sink, result, tokens -> upstream.ratio().learn(chat.chars(), tokens));
        lock.lock();
        try {
            if (cancelled) {
                return;
            }
            stream = reading;
            exchange = upstream.http().sendAsync(request.build(), info -> {
                if (info.statusCode() == 200) {
                    return HttpResponse.BodySubscribers.fromLineSubscriber(reading, s -> null, StandardCharsets.UTF_8,
                            null);
                }
                return HttpResponse.BodySubscribers.mapping(
                        HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), body -> {
                            refused(chat, attempt, info, body);
                            return null;
                        });
            });
            exchange.whenComplete((response, error) -> {
                if (error != null) {
                    result.completeExceptionally(UpstreamErrors.forException(error));
                }
            });
        } finally {
            lock.unlock();
        }
    }

    /** The server answered with another status than 200. */
    private void refused(ChatRequest chat, int attempt, HttpResponse.ResponseInfo info, String body) {
        Optional<ContextErrors.Exceeded> exceeded = ContextErrors.parse(info.statusCode(), body);
        if (exceeded.isEmpty()) {
            result.completeExceptionally(UpstreamErrors.forStatus(info.statusCode(), info.headers(), body));
            return;
        }
        ContextErrors.Exceeded e = exceeded.get();
        e.window().ifPresent(upstream.limit()::stated);
        e.requestTokens().ifPresent(tokens -> upstream.ratio().learn(chat.chars(), tokens));
        if (chat.turns().isEmpty() || attempt > 1) {
            result.completeExceptionally(tooLong(chat, attempt, e, body));
            return;
        }
        send(fewerTurns(chat, e), attempt + 1);
    }

    /** The retry's request: the history scaled to the stated window, or else halved. */
    private ChatRequest fewerTurns(ChatRequest failed, ContextErrors.Exceeded e) {
        int sent = failed.turns().size();
        if (e.statesBoth()) {
            double charsPerToken = (double) failed.chars() / e.requestTokens().getAsInt();
            return request(budget(charsPerToken, e.window(), Math.min(config.historyTurns(), sent - 2)));
        }
        int keep = 2 * (sent / 4); // the newer half of the pairs
        return ChatRequest.build(config, failed.turns().subList(sent - keep, sent), prompt.text(), params);
    }

    /** The history budget: the configured one, and within a known window what the prompt leaves. */
    private HistoryBudget budget(double charsPerToken, OptionalInt window, int turns) {
        int tokens = config.historyTokens();
        if (window.isPresent()) {
            int promptTokens = (int) Math.ceil(promptChars() / charsPerToken);
            tokens = Math.min(tokens, ContextLimit.room(window.getAsInt(), promptTokens, maxTokens()));
        }
        return new HistoryBudget(turns, tokens, config.historyChars(), charsPerToken);
    }

    private ChatRequest request(HistoryBudget budget) {
        return ChatRequest.build(config, budget.pick(prompt.history()), prompt.text(), params);
    }

    private long promptChars() {
        return prompt.text().length() + (config.systemPrompt() == null ? 0 : config.systemPrompt().length());
    }

    private OptionalInt maxTokens() {
        return params.get("max_tokens") instanceof JsonElement n ? OptionalInt.of(n.getAsInt()) : OptionalInt.empty();
    }

    private static UpstreamException tooLong(ChatRequest chat, int attempt, ContextErrors.Exceeded e, String body) {
        String window = e.window().isPresent() ? " (" + e.window().getAsInt() + " tokens)" : "";
        String message = chat.turns().isEmpty()
                ? "the prompt is longer than the model's context" + window
                : "the conversation does not fit the model's context" + window + ", even with older turns left out";
        return new UpstreamException("context", message, "HTTP 400 to request " + attempt + " of the reply, with "
                + chat.turns().size() + " history turns: " + UpstreamErrors.excerpt(body));
    }
}
