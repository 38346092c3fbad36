package dev.switchboard.backend;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.switchboard.generation.InvalidParamsException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * The {@code echo} generator's params (PROTOCOL.md, "The built-in echo generator"), checked.
 *
 * @param failAfter tokens before it throws, or -1 for never
 */
record EchoParams(int repeat, long delayMs, long firstTokenDelayMs, boolean blocking, int failAfter) {

    static final int MAX_REPEAT = 10_000;
    static final long MAX_DELAY_MS = 60_000;
    private static final Set<String> KNOWN = Set.of("repeat", "delayMs", "firstTokenDelayMs", "blocking", "failAfter");

    /** The pause before the first token; 0 makes a burst. */
    long firstPauseMs() {
        return firstTokenDelayMs + delayMs;
    }

    /** The reply's length in chars for {@code text}, an upper bound: the text and a space, repeated. */
    long replyChars(String text) {
        return (long) (text.length() + 1) * repeat;
    }

    static EchoParams parse(JsonObject params, long defaultDelayMs) throws InvalidParamsException {
        for (Map.Entry<String, JsonElement> e : params.entrySet()) {
            if (!KNOWN.contains(e.getKey())) {
                throw new InvalidParamsException("unknown param '" + e.getKey()
                        + "': echo takes repeat, delayMs, firstTokenDelayMs, blocking, failAfter");
            }
        }
        return new EchoParams(
                (int) integer(params, "repeat", 1, 1, MAX_REPEAT),
                integer(params, "delayMs", defaultDelayMs, 0, MAX_DELAY_MS),
                integer(params, "firstTokenDelayMs", 0, 0, MAX_DELAY_MS),
                bool(params, "blocking"),
                (int) integer(params, "failAfter", -1, 0, Integer.MAX_VALUE));
    }

    private static long integer(JsonObject params, String name, long fallback, long min, long max)
            throws InvalidParamsException {
        JsonElement e = params.get(name);
        if (e == null || e.isJsonNull()) {
            return fallback; // null means absent, as in every other optional field
        }
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            try {
                long value = new BigDecimal(p.getAsString()).longValueExact();
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (ArithmeticException | NumberFormatException ignored) {
                // not an integer: reported below
            }
        }
        throw new InvalidParamsException("param '" + name + "' must be an integer from " + min + " to " + max);
    }

    private static boolean bool(JsonObject params, String name) throws InvalidParamsException {
        JsonElement e = params.get(name);
        if (e == null || e.isJsonNull()) {
            return false;
        }
        if (e instanceof JsonPrimitive p && p.isBoolean()) {
            return p.getAsBoolean();
        }
        throw new InvalidParamsException("param '" + name + "' must be true or false");
    }
}
