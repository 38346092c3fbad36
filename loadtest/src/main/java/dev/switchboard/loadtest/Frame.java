package dev.switchboard.loadtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The fields of a server frame that users and the verdict look at, read with Jackson's streaming
 * parser straight from the frame's UTF-8 bytes: a load generator parses every frame of thousands of
 * users on the cores the server it measures runs on, so no tree, no String of the whole frame, and
 * field names matched as Jackson's interned Strings. Fields may come in any order.
 *
 * @param seq the frame's seq, or -1 when it has none
 * @param tokens {@code done.tokens}, or 0
 */
record Frame(String type, long seq, String gen, String text, String id, String code, String session,
             String reason, int tokens) {

    /** Thread-safe once configured; its parsers reuse their buffers per thread. */
    private static final JsonFactory JSON = new JsonFactory();

    /** Parses one frame from its text; fields it does not know are skipped. */
    static Frame parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses one frame from its UTF-8 bytes; fields it does not know are skipped. */
    static Frame parse(byte[] utf8) {
        String type = null;
        long seq = -1;
        String gen = null;
        String text = null;
        String id = null;
        String code = null;
        String session = null;
        String reason = null;
        int tokens = 0;
        try (JsonParser p = JSON.createParser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                if (p.nextToken() == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "type" -> type = string(p);
                    case "seq" -> seq = p.getLongValue();
                    case "gen" -> gen = string(p);
                    case "text" -> text = string(p);
                    case "id" -> id = string(p);
                    case "code" -> code = string(p);
                    case "session" -> session = string(p);
                    case "reason" -> reason = string(p);
                    case "tokens" -> tokens = p.getIntValue();
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("not one JSON object");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a server frame: " + new String(utf8, StandardCharsets.UTF_8), e);
        }
        return new Frame(type, seq, gen, text, id, code, session, reason, tokens);
    }

    /** A string value; a number or a structure where a string belongs is not a server frame. */
    private static String string(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("expected a string, found " + p.currentToken());
        }
        return p.getText();
    }
}
