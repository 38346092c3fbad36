package dev.switchboard.backend;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.gson.JsonObject;
import dev.switchboard.generation.AsyncGenerator;
import dev.switchboard.generation.InvalidParamsException;
import dev.switchboard.generation.Outcome;
import dev.switchboard.generation.Prompt;
import dev.switchboard.generation.TokenSink;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Fronts a model server that speaks the OpenAI chat-completions streaming format. Each prompt is one
 * non-blocking {@code POST /chat/completions} with {@code stream: true} (and one more when the first
 * does not fit the model's context, see {@link ChatCall}); the SSE body is parsed as it arrives and
 * every {@code delta.content} is a token. Cancel closes the HTTP connection, which is how these
 * servers learn to stop generating.
 *
 * <p>Concurrency: one {@link HttpClient} (thread-safe) for all generations; each generation has its
 * own {@link ChatCall}. What is learned about the model, the characters a token
 * ({@link TokenRatio}) and its context window ({@link ContextLimit}), is shared by all sessions and
 * thread-safe on its own; so is the {@link FailureLog}. At most {@link OpenAiConfig#concurrency()}
 * replies run at once: the server's scheduler holds the rest in its queue.
 */
public final class OpenAiGenerator implements AsyncGenerator {

    /** How long {@link #close} waits for exchanges still under way before it aborts them. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final OpenAiConfig config;
    private final FailureLog failures = new FailureLog(Ticker.systemTicker());
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final Upstream upstream;

    public OpenAiGenerator(OpenAiConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .executor(executor)
                .build();
        this.upstream = new Upstream(config, http, new TokenRatio(), new ContextLimit());
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
        ChatCall call = new ChatCall(upstream, prompt, params, sink);
        call.result().whenComplete((outcome, error) -> {
            // A failure that lands once the reply was cancelled (the aborted exchange) is no failure.
            if (error instanceof UpstreamException failure && !prompt.isCancelled()) {
                failures.warn(failure.kind(), "the openai backend failed a reply: POST " + config.completionsUrl()
                        + " (model " + config.model() + "): " + failure.detail());
            }
        });
        prompt.onCancel(call::cancel);
        call.start();
        return call.result();
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
