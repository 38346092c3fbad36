package dev.switchboard.backend;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;

/**
 * Turns the model server's failures into messages a user can act on; they end the reply with
 * reason {@code error}. The messages name the kind of failure only: the server's address, the model
 * name and the server's own error text go to the log ({@link UpstreamException#detail()}), never to
 * the clients of a session. The API key appears in neither.
 */
final class UpstreamErrors {

    private static final int EXCERPT = 300;

    private UpstreamErrors() {
    }

    /** An HTTP status other than 200, with the body the server sent. */
    static UpstreamException forStatus(int status, HttpHeaders headers, String body) {
        String message = switch (status) {
            case 401, 403 -> "the model server refused the backend's credentials (HTTP " + status + ")";
            case 404 -> "the model server has no such model or no chat-completions endpoint (HTTP 404)";
            case 429 -> "the model server is rate limiting (HTTP 429)" + headers.firstValue("Retry-After")
                    .filter(s -> s.matches("\\d{1,6}")).map(s -> "; retry after " + s + " s").orElse("");
            default -> status >= 500
                    ? "the model server failed (HTTP " + status + ")"
                    : "the model server rejected the request (HTTP " + status + ")";
        };
        return new UpstreamException("http-" + status, message, "HTTP " + status + ": " + excerpt(body));
    }

    /** A failure before the response came: connecting, TLS, sending. */
    static UpstreamException forException(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String detail = describe(e);
        if (e instanceof HttpConnectTimeoutException) {
            return new UpstreamException("connect-timeout", "timed out connecting to the model server", detail);
        }
        if (e instanceof ConnectException && e.getCause() instanceof UnresolvedAddressException) {
            return new UpstreamException("connect-unresolved",
                    "cannot connect to the model server: its host name does not resolve", detail);
        }
        if (e instanceof ConnectException) {
            return new UpstreamException("connect-refused",
                    "cannot connect to the model server: connection refused", detail);
        }
        if (e instanceof SSLException) {
            return new UpstreamException("tls", "the TLS handshake with the model server failed", detail);
        }
        return new UpstreamException("connection", "the connection to the model server failed", detail);
    }

    /** The exception and its causes, for the log. */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 1000; t = t.getCause()) {
            if (!out.isEmpty()) {
                out.append(", caused by ");
            }
            out.append(t.getClass().getName());
            if (t.getMessage() != null) {
                out.append(": ").append(t.getMessage());
            }
        }
        return out.toString();
    }

    /** The server's own error message, if its body is the usual {@code {"error": {"message": ...}}}. */
    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        String text = body.strip();
        try {
            JsonElement root = JsonParser.parseString(text);
            if (root instanceof JsonObject obj && obj.get("error") instanceof JsonObject error
                    && error.get("message") instanceof JsonElement m && m.isJsonPrimitive()) {
                text = m.getAsString();
            } else if (root instanceof JsonObject obj && obj.get("message") instanceof JsonElement m
                    && m.isJsonPrimitive()) {
                text = m.getAsString(); // older vLLM releases: {"object": "error", "message": ...}
            }
        } catch (RuntimeException notJson) {
            // keep the raw text
        }
        return text.length() > EXCERPT ? text.substring(0, EXCERPT) + "..." : text;
    }
}
