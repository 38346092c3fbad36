package dev.switchboard.backend;

import java.util.function.Consumer;

/**
 * Parses a Server-Sent Events stream line by line (the line splitting, including CRLF, is done by
 * the caller): {@code data:} fields (several lines join with a newline), comments ({@code :...}),
 * and the blank line that ends an event. Other fields ({@code event}, {@code id}, {@code retry})
 * are read and ignored, as the chat-completions format does not use them.
 *
 * <p>Not thread-safe: one parser per stream, fed in order.
 */
final class SseParser {

    private final Consumer<String> onEvent;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean first = true;

    /** @param onEvent receives each event's data */
    SseParser(Consumer<String> onEvent) {
        this.onEvent = onEvent;
    }

    void line(String line) {
        if (first) {
            first = false;
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
        }
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            return; // a comment, often a keep-alive
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        }
    }

    /** The stream ended: an event not yet ended by a blank line is dispatched too. */
    void end() {
        dispatch();
    }

    private void dispatch() {
        if (hasData) {
            String event = data.toString();
            data.setLength(0);
            hasData = false;
            onEvent.accept(event);
        }
    }
}
