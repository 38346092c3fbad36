package dev.switchboard.backend;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The model's context window, as the model server last stated it in a context error, and how much
 * of it a prompt's history may use. Unknown until a server states it: OpenAI-compatible servers do
 * not tell it otherwise (not in a way common to llama.cpp, vLLM and OpenAI), and a window learned
 * from one answer holds for every later request of the backend, so one session's overflow spares the
 * others theirs.
 *
 * <p>The history may use the window less the prompt's own tokens (the system prompt and the new
 * prompt) and a reserve: the reply's {@code max_tokens} and a tenth of the window for the estimate's
 * error when the prompt sets {@code max_tokens}, else a quarter of the window, for the reply and the
 * error both.
 *
 * <p>Concurrency: one per backend, shared by all its sessions. The window is one
 * {@link AtomicInteger}; the last window stated wins (a server restarted with another context size
 * says so at its next refusal).
 */
final class ContextLimit {

    private final AtomicInteger window = new AtomicInteger(); // 0 until stated

    /** The window, once a server has stated it. */
    OptionalInt window() {
        int w = window.get();
        return w > 0 ? OptionalInt.of(w) : OptionalInt.empty();
    }

    /** The server stated its window. */
    void stated(int tokens) {
        if (tokens > 0) {
            window.set(tokens);
        }
    }

    /**
     * The tokens a prompt's history may take in {@code window}.
     *
     * @param promptTokens the tokens of the system prompt and the new prompt
     * @param maxTokens the prompt's {@code max_tokens}, if it set one
     */
    static int room(int window, int promptTokens, OptionalInt maxTokens) {
        int reserve = maxTokens.isPresent() ? maxTokens.getAsInt() + window / 10 : window / 4;
        return (int) Math.max(0, (long) window - reserve - promptTokens);
    }
}
