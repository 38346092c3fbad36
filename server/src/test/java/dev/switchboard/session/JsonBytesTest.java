package dev.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The token frame's hand-made JSON must parse back to exactly what went in. */
class JsonBytesTest {

    private static JsonObject parse(byte[] utf8) {
        return JsonParser.parseString(new String(utf8, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Property(tries = 3000)
    void anyTextSurvivesTheRoundTrip(@ForAll String text) {
        String sanitized = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8); // lone surrogates -> U+FFFD
        JsonObject frame = parse(EventJson.token(42, "g7", text));
        assertEquals("token", frame.get("type").getAsString());
        assertEquals(42, frame.get("seq").getAsLong());
        assertEquals("g7", frame.get("gen").getAsString());
        assertEquals(sanitized, frame.get("text").getAsString());
    }

    @Test
    void quotesBackslashesControlsAndLineSeparatorsAreEscaped() {
        String tricky = "say \"hi\"\\ \n\r\t\b\f \u0001 \u2028\u2029 é 日本 😀";
        byte[] bytes = EventJson.token(1, "g1", tricky);
        String wire = new String(bytes, StandardCharsets.UTF_8);
        assertFalse(wire.contains("\n") || wire.contains("\u2028") || wire.contains("\u0001"), wire);
        assertEquals(tricky, parse(bytes).get("text").getAsString());
    }
}
