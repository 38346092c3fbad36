package dev.switchboard.backend;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.util.concurrent.CompletionException;

/**
 * Turns the model server's failures into messages a user can act on; they end the reply with
 * reason {@code error}. The API key never appears in them.
 */
final class UpstreamErrors {

    private static final int EXCERPT = 200;

    private UpstreamErrors() {
    }

    /** An HTTP status other than 200. */
    static String forStatus(OpenAiConfig config, int status, HttpHeaders headers, String body) {
        String detail = detail(body);
        return switch (status) {
            case 401, 403 -> "the model server refused the credentials (HTTP " + status
                    + "): check the API key" + detail;
            case 404 -> "the model server has no model '" + config.model() + "' or no chat-completions endpoint at "
                    + config.baseUrl() + " (HTTP 404)" + detail;
            case 429 -> "the model server is rate limiting (HTTP 429)"
                    + headers.firstValue("Retry-After").map(s -> "; retry after " + s + " s").orElse("") + detail;
            default -> status >= 500
                    ? "the model server failed (HTTP " + status + ")" + detail
                    : "the model server rejected the request (HTTP " + status + ")" + detail;
        };
    }

    /** A failure before or while the response came. */
    static String forException(OpenAiConfig config, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof HttpConnectTimeoutException) {
            return "timed out connecting to the model server at " + config.baseUrl();
        }
        if (e instanceof ConnectException) {
            return "cannot connect to the model server at " + config.baseUrl() + ": connection refused";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "the connection to the model server failed: " + message;
    }

    /** The server's own error message, if its body is the usual {@code {"error": {"message": ...}}}. */
    private static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        try {
            JsonElement root = JsonParser.parseString(text);
            if (root instanceof JsonObject obj && obj.has("error")) {
                JsonElement error = obj.get("error");
                text = error instanceof JsonObject eo && eo.has("message") ? eo.get("message").getAsString()
                        : error.isJsonPrimitive() ? error.getAsString() : text;
            }
        } catch (RuntimeException notJson) {
            // keep the raw text
        }
        return ": " + (text.length() > EXCERPT ? text.substring(0, EXCERPT) + "..." : text);
    }
}
