package dev.switchboard.backend;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.switchboard.generation.Prompt;
import dev.switchboard.generation.Turn;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Builds the body of a streaming chat-completions request: the system prompt, as much of the
 * session's history as the budget allows (newest turns kept, whole user/assistant pairs), the new
 * prompt, and the checked params.
 *
 * <p>A pair whose assistant text is blank (a reply that failed or was cancelled before its first
 * token) is never sent: the model would learn nothing from it, and if its prompt is what failed (too
 * long for the model's context, say) sending it again would fail every later prompt of the session
 * the same way. The session's history keeps it, so people still see what was asked. A pair with
 * partial text is sent.
 */
final class ChatRequest {

    private ChatRequest() {
    }

    static String body(OpenAiConfig config, Prompt prompt, JsonObject params) {
        JsonObject body = new JsonObject();
        body.addProperty("model", config.model());
        body.addProperty("stream", true);
        JsonObject streamOptions = new JsonObject();
        streamOptions.addProperty("include_usage", true);
        body.add("stream_options", streamOptions);
        JsonArray messages = new JsonArray();
        if (config.systemPrompt() != null && !config.systemPrompt().isBlank()) {
            messages.add(message("system", config.systemPrompt()));
        }
        for (Turn turn : budget(prompt.history(), config.historyTurns(), config.historyChars())) {
            messages.add(message(turn.role(), turn.text()));
        }
        messages.add(message("user", prompt.text()));
        body.add("messages", messages);
        for (Map.Entry<String, com.google.gson.JsonElement> e : params.entrySet()) {
            body.add(e.getKey(), e.getValue());
        }
        return body.toString();
    }

    /**
     * The newest turns within both budgets, oldest first, never splitting a user/assistant pair and
     * leaving out pairs whose reply is blank.
     */
    static List<Turn> budget(List<Turn> history, int maxTurns, int maxChars) {
        Deque<Turn> kept = new ArrayDeque<>();
        int chars = 0;
        int i = history.size();
        while (i >= 2) {
            Turn user = history.get(i - 2);
            Turn assistant = history.get(i - 1);
            if (!"user".equals(user.role()) || !"assistant".equals(assistant.role())) {
                i -= 1; // not a pair (the bounded history dropped its other half): skip the stray turn
                continue;
            }
            if (assistant.text().isBlank()) {
                i -= 2;
                continue;
            }
            int size = user.text().length() + assistant.text().length();
            if (kept.size() + 2 > maxTurns || chars + size > maxChars) {
                break;
            }
            kept.addFirst(assistant);
            kept.addFirst(user);
            chars += size;
            i -= 2;
        }
        return List.copyOf(kept);
    }

    private static JsonObject message(String role, String content) {
        JsonObject m = new JsonObject();
        m.addProperty("role", role);
        m.addProperty("content", content);
        return m;
    }
}
