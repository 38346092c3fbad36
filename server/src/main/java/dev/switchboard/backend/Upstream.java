package dev.switchboard.backend;

import java.net.http.HttpClient;

/**
 * What every reply of one {@code openai} backend shares: its settings, its HTTP client, and what it
 * has learned about the model (each thread-safe on its own, see their Concurrency notes).
 */
record Upstream(OpenAiConfig config, HttpClient http, TokenRatio ratio, ContextLimit limit) {
}
