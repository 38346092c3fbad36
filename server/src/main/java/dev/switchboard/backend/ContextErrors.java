package dev.switchboard.backend;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a model server's answer that the request does not fit the model's context, and reads
 * the window and the request's size from it when they are stated. Each server words it its own way,
 * always with HTTP 400:
 *
 * <ul>
 *   <li>llama.cpp's {@code llama-server} ({@code tools/server/server-context.cpp},
 *       {@code format_error_response} in {@code server-common.cpp}):
 *       {@code {"error": {"code": 400, "message": "request (N tokens) exceeds the available context
 *       size (M tokens), try increasing it", "type": "exceed_context_size_error", "n_prompt_tokens": N,
 *       "n_ctx": M}}}; for a prompt that cannot be split in batches the message is
 *       "input (N tokens) is larger than the max context size (M tokens). skipping". Older builds said
 *       "the request exceeds the available context size. try increasing the context size or enable
 *       context shift", with no numbers.</li>
 *   <li>vLLM ({@code vllm/entrypoints/openai/engine/serving.py}, {@code _validate_input}):
 *       {@code {"error": {"message": "This model's maximum context length is M tokens. However, your
 *       request has N input tokens. Please reduce the length of the input messages.", "type":
 *       "BadRequestError", "param": "input_tokens", "code": 400}}}, or with {@code max_tokens}:
 *       "'max_tokens' or 'max_completion_tokens' is too large: K. This model's maximum context length
 *       is M tokens and your request has N input tokens (K &gt; M - N)."; older releases answered
 *       {@code {"object": "error", "message": "... However, you requested T tokens (N in the
 *       messages, K in the completion) ...", ...}} without the {@code error} wrapper.</li>
 *   <li>OpenAI: {@code {"error": {"message": "This model's maximum context length is M tokens.
 *       However, your messages resulted in N tokens. Please reduce the length of the messages.",
 *       "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}}}
 *       (or "you requested T tokens (N in the messages, K in the completion)"), and lately "Your input
 *       exceeds the context window of this model. Please adjust your input and try again." with the
 *       same code and no numbers.</li>
 * </ul>
 */
final class ContextErrors {

    /** The window: OpenAI and vLLM, then llama.cpp's two messages. */
    private static final List<Pattern> WINDOW = List.of(
            Pattern.compile("maximum context length is (\\d+) tokens"),
            Pattern.compile("available context size \\((\\d+) tokens\\)"),
            Pattern.compile("max context size \\((\\d+) tokens\\)"));

    /** The request's input tokens, in each wording that states them. */
    private static final List<Pattern> SIZE = List.of(
            Pattern.compile("your request has (\\d+) input tokens"),
            Pattern.compile("your prompt contains (\\d+) input tokens"),
            Pattern.compile("your messages resulted in (\\d+) tokens"),
            Pattern.compile("\\((\\d+) in the messages"),
            Pattern.compile("you requested (\\d+) tokens in the messages"),
            Pattern.compile("^request \\((\\d+) tokens\\)"),
            Pattern.compile("^input \\((\\d+) tokens\\)"));

    private ContextErrors() {
    }

    /** What a context error states; either may be absent. */
    record Exceeded(OptionalInt window, OptionalInt requestTokens) {

        /** Both the window and the request's size are stated, so the history can be scaled to fit. */
        boolean statesBoth() {
            return window.isPresent() && requestTokens.isPresent();
        }
    }

    /** The context error in this answer, or empty when it is another kind of answer. */
    static Optional<Exceeded> parse(int status, String body) {
        if (status != 400 || body == null) {
            return Optional.empty();
        }
        JsonObject error;
        try {
            JsonElement root = JsonParser.parseString(body);
            if (root instanceof JsonObject obj && obj.get("error") instanceof JsonObject e) {
                error = e;
            } else if (root instanceof JsonObject obj && obj.has("message")) {
                error = obj; // older vLLM releases: the error object itself, with "object": "error"
            } else {
                return Optional.empty();
            }
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
        String message = text(error, "message");
        boolean recognised = "exceed_context_size_error".equals(text(error, "type"))
                || "context_length_exceeded".equals(text(error, "code"))
                || message.contains("maximum context length is")
                || message.contains("exceeds the available context size")
                || message.contains("is larger than the max context size");
        if (!recognised) {
            return Optional.empty();
        }
        OptionalInt window = number(error, "n_ctx").isPresent() ? number(error, "n_ctx") : first(WINDOW, message);
        OptionalInt size = number(error, "n_prompt_tokens").isPresent() ? number(error, "n_prompt_tokens")
                : first(SIZE, message);
        return Optional.of(new Exceeded(window, size));
    }

    private static String text(JsonObject o, String field) {
        return o.get(field) instanceof JsonElement e && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    private static OptionalInt number(JsonObject o, String field) {
        if (o.get(field) instanceof JsonElement e && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()
                && e.getAsInt() > 0) {
            return OptionalInt.of(e.getAsInt());
        }
        return OptionalInt.empty();
    }

    private static OptionalInt first(List<Pattern> patterns, String message) {
        for (Pattern p : patterns) {
            Matcher m = p.matcher(message);
            if (m.find()) {
                try {
                    return OptionalInt.of(Integer.parseInt(m.group(1)));
                } catch (NumberFormatException tooLarge) {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.empty();
    }
}
