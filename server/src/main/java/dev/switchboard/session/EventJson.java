package dev.switchboard.session;

import com.google.gson.JsonObject;
import com.google.gson.internal.Streams;
import com.google.gson.stream.JsonWriter;
import dev.switchboard.generation.Turn;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes the session's frames (PROTOCOL.md, "Server to client"). Each event is encoded once, when it
 * happens, and the same string goes to every connection and into the resume log.
 *
 * <p>Stateless; safe from any thread.
 */
public final class EventJson {

    private EventJson() {
    }

    static byte[] queued(long seq, String gen, String id, String text, int position) {
        return write(w -> {
            w.name("type").value("queued").name("seq").value(seq).name("gen").value(gen).name("id").value(id)
                    .name("text").value(text).name("position").value(position);
        });
    }

    static byte[] start(long seq, String gen, String id) {
        return write(w -> w.name("type").value("start").name("seq").value(seq).name("gen").value(gen)
                .name("id").value(id));
    }

    /**
     * A token event as a WebSocket frame, the one frame sent per token; also used by outboxes for
     * merged tokens.
     */
    public static byte[] token(long seq, String gen, String text) {
        return new JsonBytes(48 + gen.length() + text.length() * 3).raw("{\"type\":\"token\",\"seq\":").number(seq)
                .raw(",\"gen\":").string(gen).raw(",\"text\":").string(text).raw("}").toFrame();
    }

    static byte[] done(long seq, String gen, String id, String text, String reason, int tokens, String error,
                       JsonObject state, JsonObject details) {
        return write(w -> {
            w.name("type").value("done").name("seq").value(seq).name("gen").value(gen).name("id").value(id)
                    .name("text").value(text).name("reason").value(reason).name("tokens").value(tokens);
            if (error != null) {
                w.name("error").value(error);
            }
            if (state != null) {
                w.name("state");
                Streams.write(state, w);
            }
            if (details != null) {
                w.name("details");
                Streams.write(details, w);
            }
        });
    }

    static String welcome(String session, boolean created, long seq, List<Turn> history, String generating,
                          boolean gap) {
        return writeString(w -> {
            w.name("type").value("welcome").name("session").value(session).name("created").value(created)
                    .name("seq").value(seq);
            if (history != null) {
                w.name("history").beginArray();
                for (Turn t : history) {
                    w.beginObject().name("role").value(t.role()).name("text").value(t.text()).endObject();
                }
                w.endArray();
            }
            if (generating != null) {
                w.name("generating").value(generating);
            }
            if (gap) {
                w.name("gap").value(true);
            }
        });
    }

    private interface Fields {
        void write(JsonWriter w) throws IOException;
    }

    private static byte[] write(Fields fields) {
        return TextFrames.text(writeString(fields).getBytes(StandardCharsets.UTF_8));
    }

    private static String writeString(Fields fields) {
        StringWriter out = new StringWriter(96);
        try (JsonWriter w = new JsonWriter(out)) {
            w.setHtmlSafe(false);
            w.beginObject();
            fields.write(w);
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return out.toString();
    }
}
