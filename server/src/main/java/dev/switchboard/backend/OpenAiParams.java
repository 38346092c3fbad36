package dev.switchboard.backend;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.switchboard.generation.InvalidParamsException;
import java.util.Map;

/**
 * The prompt params the {@code openai} backend passes on: {@code temperature}, {@code max_tokens},
 * {@code top_p} and {@code stop}. Anything else is refused, so a typo does not pass silently.
 */
final class OpenAiParams {

    private static final int MAX_STOP = 4;

    private OpenAiParams() {
    }

    /** Checks {@code params} and returns them as request fields. */
    static JsonObject check(JsonObject params) throws InvalidParamsException {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> e : params.entrySet()) {
            JsonElement v = e.getValue();
            switch (e.getKey()) {
                case "temperature" -> out.add("temperature", number(e.getKey(), v, 0, 2));
                case "top_p" -> out.add("top_p", number(e.getKey(), v, 0, 1));
                case "max_tokens" -> {
                    JsonPrimitive n = number(e.getKey(), v, 1, 1_000_000);
                    if (n.getAsDouble() != Math.rint(n.getAsDouble())) {
                        throw new InvalidParamsException("param 'max_tokens' must be a whole number");
                    }
                    out.add("max_tokens", n);
                }
                case "stop" -> out.add("stop", stop(v));
                default -> throw new InvalidParamsException("unknown param '" + e.getKey()
                        + "': the openai backend takes temperature, max_tokens, top_p, stop");
            }
        }
        return out;
    }

    private static JsonPrimitive number(String name, JsonElement v, double min, double max)
            throws InvalidParamsException {
        if (v instanceof JsonPrimitive p && p.isNumber()) {
            double d = p.getAsDouble();
            if (d >= min && d <= max) {
                return p;
            }
        }
        throw new InvalidParamsException("param '" + name + "' must be a number from " + fmt(min) + " to " + fmt(max));
    }

    private static JsonElement stop(JsonElement v) throws InvalidParamsException {
        if (v instanceof JsonPrimitive p && p.isString()) {
            return p;
        }
        if (v instanceof JsonArray a && !a.isEmpty() && a.size() <= MAX_STOP) {
            for (JsonElement s : a) {
                if (!(s instanceof JsonPrimitive p && p.isString())) {
                    throw new InvalidParamsException("param 'stop' must be a string or a list of up to 4 strings");
                }
            }
            return a;
        }
        throw new InvalidParamsException("param 'stop' must be a string or a list of up to 4 strings");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
