package dev.switchboard.backend;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays llama.cpp's server ({@code llama-server}) refusing a request that does not fit its context:
 * a prompt of {@code n_ctx} tokens or more gets HTTP 400 and the body llama-server writes. The check
 * and the message are {@code tools/server/server-context.cpp} ({@code n_tokens() >= slot.n_ctx},
 * "request (%d tokens) exceeds the available context size (%d tokens), try increasing it",
 * {@code ERROR_TYPE_EXCEED_CONTEXT_SIZE}); the body is {@code format_error_response} of
 * {@code server-common.cpp} ({@code code}, {@code message}, {@code type}) with {@code n_prompt_tokens}
 * and {@code n_ctx} added, wrapped in {@code {"error": ...}} and sent with the code as status.
 *
 * <p>The tokenizer is a stand-in: {@code charsPerToken} characters of a message's content a token,
 * plus 4 tokens a message and 3 for the reply's opening, as a chat template adds. A request that fits
 * goes to the script, and its usage reports the prompt tokens counted so.
 */
final class LlamaCppContext {

    private final int nCtx;
    private final double charsPerToken;
    /** The requests it refused, in order. */
    final List<JsonObject> refused = new CopyOnWriteArrayList<>();

    LlamaCppContext(int nCtx, double charsPerToken) {
        this.nCtx = nCtx;
        this.charsPerToken = charsPerToken;
    }

    /** {@code script}, behind this context's check. */
    FakeOpenAiServer.Script around(FakeOpenAiServer.Script script) {
        return x -> {
            int tokens = tokens(x.body);
            if (tokens >= nCtx) {
                refused.add(x.body);
                byte[] bytes = errorBody(tokens, nCtx).getBytes(StandardCharsets.UTF_8);
                x.http.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
                x.http.sendResponseHeaders(400, bytes.length);
                x.http.getResponseBody().write(bytes);
                return;
            }
            x.promptTokens = tokens;
            script.respond(x);
        };
    }

    /** The tokens of a request's messages, by this stand-in tokenizer. */
    int tokens(JsonObject body) {
        int tokens = 3;
        for (JsonElement m : body.getAsJsonArray("messages")) {
            tokens += 4 + (int) Math.ceil(m.getAsJsonObject().get("content").getAsString().length() / charsPerToken);
        }
        return tokens;
    }

    /** llama-server's answer to a request of {@code nPromptTokens} against a context of {@code nCtx}. */
    static String errorBody(int nPromptTokens, int nCtx) {
        return "{\"error\":{\"code\":400,\"message\":\"request (" + nPromptTokens
                + " tokens) exceeds the available context size (" + nCtx + " tokens), try increasing it\","
                + "\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":" + nPromptTokens
                + ",\"n_ctx\":" + nCtx + "}}";
    }
}
