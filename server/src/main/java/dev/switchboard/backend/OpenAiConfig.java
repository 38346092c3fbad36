package dev.switchboard.backend;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@code openai} backend: any server that speaks the OpenAI chat-completions
 * streaming format (Ollama, vLLM, llama.cpp's server, LM Studio, OpenAI).
 *
 * @param baseUrl e.g. {@code http://localhost:11434/v1}; {@code /chat/completions} is appended
 * @param model the model name the server knows
 * @param apiKey sent as a bearer token; null for none. Never logged: {@link #toString()} hides it
 * @param systemPrompt sent first in every request; null for none
 * @param historyTurns the most earlier turns sent with a prompt
 * @param historyTokens the most tokens of earlier turns sent with a prompt (newest kept), counted as
 *     the model server counts them once it has reported usage, estimated until then
 * @param historyChars the most characters of earlier turns sent with a prompt, or 0 for no such cap
 * @param concurrency requests to the model server at once; the rest wait in the server's queue
 * @param connectTimeout how long to wait for the TCP connection to the model server
 */
public record OpenAiConfig(URI baseUrl, String model, String apiKey, String systemPrompt, int historyTurns,
                           int historyTokens, int historyChars, int concurrency, Duration connectTimeout) {

    public OpenAiConfig {
        Objects.requireNonNull(baseUrl, "openai-base-url");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("openai-base-url must be an http or https URL, got " + baseUrl);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must be set for the openai backend");
        }
        if (historyTurns < 0 || historyTokens < 0 || historyChars < 0) {
            throw new IllegalArgumentException("history-turns, history-tokens and history-chars must not be negative");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("backend-concurrency must be at least 1, got " + concurrency);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** The URL requests go to. */
    URI completionsUrl() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions");
    }

    @Override
    public String toString() {
        return "OpenAiConfig[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", historyTurns=" + historyTurns + ", historyTokens=" + historyTokens + ", historyChars=" + historyChars
                + ", concurrency=" + concurrency + "]";
    }
}
