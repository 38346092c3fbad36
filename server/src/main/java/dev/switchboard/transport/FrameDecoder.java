package dev.switchboard.transport;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;

/**
 * Turns a text frame into a {@link ClientMessage}. Never throws: anything that is not a valid frame
 * becomes {@link ClientMessage.Invalid} with a message that names the problem. Unknown extra fields
 * are ignored, so clients can be newer than the server.
 *
 * <p>Stateless; safe from any thread.
 */
final class FrameDecoder {

    static final int MAX_PROMPT_ID = 64;
    static final int DEFAULT_HISTORY_LIMIT = 50;
    static final int MAX_HISTORY_LIMIT = 200;

    private FrameDecoder() {
    }

    static ClientMessage decode(String frame) {
        JsonObject obj;
        try {
            obj = parseObject(frame);
        } catch (JsonParseException | IOException | IllegalStateException | StackOverflowError e) {
            return invalid("the frame is not valid JSON");
        }
        if (obj == null) {
            return invalid("a frame must be a JSON object");
        }
        JsonElement type = obj.get("type");
        if (!isString(type)) {
            return invalid("missing string field 'type'");
        }
        try {
            return switch (type.getAsString()) {
                case "hello" -> new ClientMessage.Hello(optString(obj, "session"), optCount(obj, "after"),
                        optString(obj, "token"));
                case "prompt" -> prompt(obj);
                case "cancel" -> new ClientMessage.Cancel(optString(obj, "gen"));
                case "ping" -> new ClientMessage.Ping();
                case "history" -> history(obj);
                default -> invalid("unknown type '" + clip(type.getAsString()) + "'");
            };
        } catch (BadField e) {
            return new ClientMessage.Invalid(e.getMessage(), e.id);
        }
    }

    private static ClientMessage prompt(JsonObject obj) throws BadField {
        JsonElement id = obj.get("id");
        if (!isString(id)) {
            throw new BadField("prompt needs a string field 'id'", null);
        }
        String promptId = id.getAsString();
        if (promptId.isEmpty() || promptId.length() > MAX_PROMPT_ID) {
            throw new BadField("field 'id' must be 1 to " + MAX_PROMPT_ID + " characters", null);
        }
        JsonElement text = obj.get("text");
        if (!isString(text)) {
            throw new BadField("prompt needs a string field 'text'", promptId);
        }
        JsonElement params = obj.get("params");
        if (params != null && !params.isJsonNull() && !params.isJsonObject()) {
            throw new BadField("field 'params' must be an object", promptId);
        }
        JsonObject p = params == null || params.isJsonNull() ? new JsonObject() : params.getAsJsonObject();
        return new ClientMessage.Prompt(promptId, text.getAsString(), p);
    }

    private static ClientMessage history(JsonObject obj) throws BadField {
        Long before = optCount(obj, "before");
        if (before == null) {
            throw new BadField("history needs a non-negative integer field 'before' (a turn's 'n')", null);
        }
        Long limit = optCount(obj, "limit");
        if (limit != null && (limit < 1 || limit > MAX_HISTORY_LIMIT)) {
            throw new BadField("field 'limit' must be 1 to " + MAX_HISTORY_LIMIT, null);
        }
        return new ClientMessage.History(before, limit == null ? DEFAULT_HISTORY_LIMIT : limit.intValue());
    }

    private static JsonObject parseObject(String frame) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(frame));
        reader.setStrictness(Strictness.STRICT);
        JsonElement root = JsonParser.parseReader(reader);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new JsonParseException("trailing data");
        }
        return root.isJsonObject() ? root.getAsJsonObject() : null;
    }

    private static String optString(JsonObject obj, String field) throws BadField {
        JsonElement e = obj.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!isString(e)) {
            throw new BadField("field '" + field + "' must be a string", null);
        }
        return e.getAsString();
    }

    private static Long optCount(JsonObject obj, String field) throws BadField {
        JsonElement e = obj.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            try {
                long value = new BigDecimal(e.getAsString()).longValueExact();
                if (value >= 0) {
                    return value;
                }
            } catch (ArithmeticException | NumberFormatException ignored) {
                // not an integer: fall through to the error
            }
        }
        throw new BadField("field '" + field + "' must be a non-negative integer", null);
    }

    private static boolean isString(JsonElement e) {
        return e instanceof JsonPrimitive p && p.isString();
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static ClientMessage invalid(String message) {
        return new ClientMessage.Invalid(message, null);
    }

    private static final class BadField extends Exception {
        final String id;

        BadField(String message, String id) {
            super(message, null, false, false);
            this.id = id;
        }
    }
}
