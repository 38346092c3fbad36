package dev.switchboard.backend;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.switchboard.generation.Turn;
import java.util.List;
import java.util.Map;

/**
 * The body of one streaming chat-completions request: the system prompt, the history turns chosen
 * for it ({@link HistoryBudget}), the new prompt, and the checked params.
 *
 * @param body the JSON to send
 * @param chars the characters of message text it carries, what the server's {@code prompt_tokens}
 *     is measured against ({@link TokenRatio})
 * @param turns the history turns it carries
 */
record ChatRequest(String body, long chars, List<Turn> turns) {

    static ChatRequest build(OpenAiConfig config, List<Turn> turns, String prompt, JsonObject params) {
        JsonObject body = new JsonObject();
        body.addProperty("model", config.model());
        body.addProperty("stream", true);
        JsonObject streamOptions = new JsonObject();
        streamOptions.addProperty("include_usage", true);
        body.add("stream_options", streamOptions);
        JsonArray messages = new JsonArray();
        long chars = 0;
        if (config.systemPrompt() != null && !config.systemPrompt().isBlank()) {
            messages.add(message("system", config.systemPrompt()));
            chars += config.systemPrompt().length();
        }
        for (Turn turn : turns) {
            messages.add(message(turn.role(), turn.text()));
            chars += turn.text().length();
        }
        messages.add(message("user", prompt));
        chars += prompt.length();
        body.add("messages", messages);
        for (Map.Entry<String, JsonElement> e : params.entrySet()) {
            body.add(e.getKey(), e.getValue());
        }
        return new ChatRequest(body.toString(), chars, List.copyOf(turns));
    }

    private static JsonObject message(String role, String content) {
        JsonObject m = new JsonObject();
        m.addProperty("role", role);
        m.addProperty("content", content);
        return m;
    }
}
