package dev.switchboard.loadtest;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/**
 * The fields of a server frame that users and the verdict look at, read with Gson's streaming
 * reader: a load generator parses every frame of thousands of users, and building a JSON tree per
 * frame cost it more CPU than the server it measured.
 *
 * @param seq the frame's seq, or -1 when it has none
 * @param tokens {@code done.tokens}, or 0
 */
record Frame(String type, long seq, String gen, String text, String id, String code, String session,
             String reason, int tokens) {

    /** Parses one frame; fields it does not know are skipped. */
    static Frame parse(String json) {
        String type = null;
        long seq = -1;
        String gen = null;
        String text = null;
        String id = null;
        String code = null;
        String session = null;
        String reason = null;
        int tokens = 0;
        try (JsonReader r = new JsonReader(new StringReader(json))) {
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                if (r.peek() == JsonToken.NULL) {
                    r.skipValue();
                    continue;
                }
                switch (name) {
                    case "type" -> type = r.nextString();
                    case "seq" -> seq = r.nextLong();
                    case "gen" -> gen = r.nextString();
                    case "text" -> text = r.nextString();
                    case "id" -> id = r.nextString();
                    case "code" -> code = r.nextString();
                    case "session" -> session = r.nextString();
                    case "reason" -> reason = r.nextString();
                    case "tokens" -> tokens = r.nextInt();
                    default -> r.skipValue();
                }
            }
            r.endObject();
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException("not a server frame: " + json, e);
        }
        return new Frame(type, seq, gen, text, id, code, session, reason, tokens);
    }
}
