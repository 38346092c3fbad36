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

    /** A position update: a {@code queued} without the prompt's text, which its first one carried. */
    static byte[] queuedUpdate(long seq, String gen, String id, int position) {
        return write(w -> w.name("type").value("queued").name("seq").value(seq).name("gen").value(gen).name("id")
                .value(id).name("position").value(position));
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
        if (seq >= 0) {
            byte[] plain = plainToken(seq, gen, text);
            if (plain != null) {
                return plain;
            }
        }
        return new JsonBytes(48 + gen.length() + text.length() * 3).raw("{\"type\":\"token\",\"seq\":").number(seq)
                .raw(",\"gen\":").string(gen).raw(",\"text\":").string(text).raw("}").toFrame();
    }

    private static final byte[] TOKEN_SEQ = "{\"type\":\"token\",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOKEN_GEN = ",\"gen\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOKEN_TEXT = "\",\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOKEN_END = "\"}".getBytes(StandardCharsets.US_ASCII);

    /**
     * The token frame in one array of its exact size, when {@code gen} and {@code text} are ASCII that
     * JSON takes as is (most tokens): no intermediate buffer, number string or second copy. Null when
     * a char needs escaping or more than one byte; the general encoder takes it then.
     */
    private static byte[] plainToken(long seq, String gen, String text) {
        int digits = 1;
        for (long rest = seq / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int n = TOKEN_SEQ.length + digits + TOKEN_GEN.length + gen.length() + TOKEN_TEXT.length + text.length()
                + TOKEN_END.length;
        byte[] frame = TextFrames.newText(n);
        int at = frame.length - n;
        at = put(TOKEN_SEQ, frame, at);
        for (int i = at + digits - 1; i >= at; i--) {
            frame[i] = (byte) ('0' + seq % 10);
            seq /= 10;
        }
        at = put(TOKEN_GEN, frame, at + digits);
        at = putPlain(gen, frame, at);
        if (at < 0) {
            return null;
        }
        at = put(TOKEN_TEXT, frame, at);
        at = putPlain(text, frame, at);
        if (at < 0) {
            return null;
        }
        put(TOKEN_END, frame, at);
        return frame;
    }

    private static int put(byte[] bytes, byte[] frame, int at) {
        System.arraycopy(bytes, 0, frame, at, bytes.length);
        return at + bytes.length;
    }

    /** Copies {@code s} as one byte a char; -1 at the first char JSON would escape or UTF-8 widen. */
    private static int putPlain(String s, byte[] frame, int at) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                return -1;
            }
            frame[at++] = (byte) c;
        }
        return at;
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
                w.name("history");
                turns(w, history);
            }
            if (generating != null) {
                w.name("generating").value(generating);
            }
            if (gap) {
                w.name("gap").value(true);
            }
        });
    }

    /** The answer to a {@code history} request: {@code turns} (oldest first) and {@code more}. */
    static String historyPage(List<Turn> turns, boolean more) {
        return writeString(w -> {
            w.name("type").value("history").name("turns");
            turns(w, turns);
            w.name("more").value(more);
        });
    }

    private static void turns(JsonWriter w, List<Turn> turns) throws IOException {
        w.beginArray();
        for (Turn t : turns) {
            w.beginObject().name("role").value(t.role()).name("text").value(t.text()).name("gen").value(t.gen())
                    .name("n").value(t.n()).name("at").value(t.at()).endObject();
        }
        w.endArray();
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
