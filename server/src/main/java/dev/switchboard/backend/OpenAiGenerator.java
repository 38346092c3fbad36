package dev.switchboard.backend;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.gson.JsonObject;
import dev.switchboard.generation.AsyncGenerator;
import dev.switchboard.generation.InvalidParamsException;
import dev.switchboard.generation.Outcome;
import dev.switchboard.generation.Prompt;
import dev.switchboard.generation.TokenSink;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Fronts a model server that speaks the OpenAI chat-completions streaming format. Each prompt is one
 * non-blocking {@code POST /chat/completions} with {@code stream: true}; the SSE body is parsed as it
 * arrives and every {@code delta.content} is a token. Cancel closes the HTTP connection, which is how
 * these servers learn to stop generating.
 *
 * <p>Concurrency: one {@link HttpClient} (thread-safe) for all generations; each generation has its
 * own {@link ChatStream}. What is learned about the model, the characters a token
 * ({@link TokenRatio}), is shared by all sessions and thread-safe on its own; so is the
 * {@link FailureLog}. At most {@link OpenAiConfig#concurrency()} requests run at once: the server's
 * scheduler holds the rest in its queue.
 */
public final class OpenAiGenerator implements AsyncGenerator {

    /** How long {@link #close} waits for exchanges still under way before it aborts them. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final OpenAiConfig config;
    private final FailureLog failures = new FailureLog(Ticker.systemTicker());
    private final TokenRatio ratio = new TokenRatio();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;

    public OpenAiGenerator(OpenAiConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .executor(executor)
                .build();
    }

    @Override
    public void checkParams(JsonObject params) throws InvalidParamsException {
        OpenAiParams.check(params);
    }

    @Override
    public int concurrencyLimit() {
        return config.concurrency();
    }

    @Override
    public CompletionStage<Outcome> generate(Prompt prompt, TokenSink sink) {
        JsonObject params;
        try {
            params = OpenAiParams.check(prompt.params());
        } catch (InvalidParamsException e) {
            return CompletableFuture.failedFuture(e);
        }
        HistoryBudget budget = new HistoryBudget(config.historyTurns(), config.historyTokens(), config.historyChars(),
                ratio.charsPerToken());
        ChatRequest chat = ChatRequest.build(config, budget.pick(prompt.history()), prompt.text(), params);
        HttpRequest.Builder request = HttpRequest.newBuilder(config.completionsUrl())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(chat.body()));
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + config.apiKey());
        }
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        ChatStream stream = new ChatStream(sink, result, tokens -> ratio.learn(chat.chars(), tokens));
        CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(request.build(), info -> {
            if (info.statusCode() == 200) {
                return HttpResponse.BodySubscribers.fromLineSubscriber(stream, s -> null, StandardCharsets.UTF_8, null);
            }
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                    body -> {
                        result.completeExceptionally(UpstreamErrors.forStatus(info.statusCode(), info.headers(), body));
                        return null;
                    });
        });
        exchange.whenComplete((response, error) -> {
            if (error != null && !result.isDone()) {
                result.completeExceptionally(UpstreamErrors.forException(error));
            }
        });
        result.whenComplete((outcome, error) -> {
            if (error instanceof UpstreamException failure) {
                failures.warn(failure.kind(), "the openai backend failed a reply: POST " + config.completionsUrl()
                        + " (model " + config.model() + "): " + failure.detail());
            }
        });
        prompt.onCancel(() -> {
            stream.cancel();
            exchange.cancel(true);
        });
        return result;
    }

    /**
     * Closes the HTTP client, with its pooled connections, and the threads it ran on. Every
     * generation has ended by now; what may remain is a body being drained after {@code [DONE]}, which
     * gets {@link #CLOSE_WAIT} to end and is then cut off ({@link HttpClient#close()} would wait for it
     * without bound, and so would the server's stop).
     */
    @Override
    public void close() {
        http.shutdown();
        executor.shutdown();
        try {
            if (!http.awaitTermination(CLOSE_WAIT)) {
                http.shutdownNow();
            }
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            http.shutdownNow();
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** True once {@link #close} has released the client and its threads. */
    boolean isClosed() {
        return http.isTerminated() && executor.isTerminated();
    }
}
