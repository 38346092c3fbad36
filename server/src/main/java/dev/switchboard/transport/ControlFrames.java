package dev.switchboard.transport;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Encodes the frames that are not session events: {@code error} and {@code pong}. Stateless. */
final class ControlFrames {

    static final String PONG = "{\"type\":\"pong\"}";

    private ControlFrames() {
    }

    static String error(ErrorCode code, String message, String id, String gen) {
        StringWriter out = new StringWriter(96);
        try (JsonWriter w = new JsonWriter(out)) {
            w.setHtmlSafe(false);
            w.beginObject().name("type").value("error").name("code").value(code.wire()).name("message").value(message);
            if (id != null) {
                w.name("id").value(id);
            }
            if (gen != null) {
                w.name("gen").value(gen);
            }
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
