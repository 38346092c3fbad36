package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever arrives, the decoder answers with a message or a {@code bad_request} that says why; no
 * input escapes it as an exception.
 */
class FrameDecoderPropertyTest {

    @Property(tries = 2000)
    void anyStringBecomesAMessageOrABadRequest(@ForAll String frame) {
        assertAnswered(FrameDecoder.decode(frame));
    }

    @Property(tries = 2000)
    void anyJsonObjectBecomesAMessageOrABadRequestThatNamesTheProblem(@ForAll("frames") JsonObject frame) {
        ClientMessage message = FrameDecoder.decode(frame.toString());
        assertAnswered(message);
        if (message instanceof ClientMessage.Invalid invalid) {
            assertTrue(invalid.message().contains("'") || invalid.message().contains("JSON"),
                    "names the field or the problem: " + invalid.message());
        } else {
            String type = frame.get("type").getAsString();
            assertEquals(type, switch (message) {
                case ClientMessage.Hello h -> "hello";
                case ClientMessage.Prompt p -> "prompt";
                case ClientMessage.Cancel c -> "cancel";
                case ClientMessage.Ping p -> "ping";
                case ClientMessage.History h -> "history";
                case ClientMessage.Invalid i -> "invalid";
            });
        }
        if (message instanceof ClientMessage.Prompt prompt) {
            assertEquals(frame.get("text").getAsString(), prompt.text());
            assertFalse(prompt.id().isEmpty());
            assertTrue(prompt.id().length() <= FrameDecoder.MAX_PROMPT_ID);
            assertNotNull(prompt.params());
        }
    }

    @Property(tries = 500)
    void truncatedFramesAreBadRequests(@ForAll("frames") JsonObject frame, @ForAll("cuts") double cut) {
        String text = frame.toString();
        int at = (int) (text.length() * cut);
        ClientMessage message = FrameDecoder.decode(text.substring(0, Math.min(at, text.length() - 1)));
        assertTrue(message instanceof ClientMessage.Invalid, message.toString());
    }

    private static void assertAnswered(ClientMessage message) {
        assertNotNull(message);
        if (message instanceof ClientMessage.Invalid invalid) {
            assertFalse(invalid.message().isBlank());
        }
    }

    @Provide
    Arbitrary<Double> cuts() {
        return Arbitraries.doubles().between(0, 1);
    }

    @Provide
    Arbitrary<JsonObject> frames() {
        Arbitrary<String> types = Arbitraries.of("hello", "prompt", "cancel", "ping", "welcome", "", "PROMPT");
        Arbitrary<String> keys = Arbitraries.of("session", "after", "token", "id", "text", "params", "gen", "extra");
        return Combinators.combine(types, Arbitraries.maps(keys, values()).ofMaxSize(6),
                Arbitraries.integers().between(0, 9)).as((type, fields, shape) -> {
                    JsonObject o = new JsonObject();
                    if (shape > 0) { // sometimes no type at all
                        o.add("type", shape == 1 ? new JsonPrimitive(7) : new JsonPrimitive(type));
                    }
                    fields.forEach(o::add);
                    return o;
                });
    }

    private static Arbitrary<JsonElement> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80).map(s -> (JsonElement) new JsonPrimitive(s)),
                Arbitraries.longs().map(n -> (JsonElement) new JsonPrimitive(n)),
                Arbitraries.doubles().map(d -> (JsonElement) new JsonPrimitive(d)),
                Arbitraries.of(true, false).map(b -> (JsonElement) new JsonPrimitive(b)),
                Arbitraries.just(JsonNull.INSTANCE),
                Arbitraries.just(new JsonObject()),
                Arbitraries.just(new JsonArray()));
    }
}
