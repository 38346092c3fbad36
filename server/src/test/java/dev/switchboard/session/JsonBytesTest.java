package dev.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The token frame's hand-made JSON must parse back to exactly what went in. */
class JsonBytesTest {

    /** The JSON inside a server text frame (FIN+text, unmasked, 7/16/64-bit length). */
    private static JsonObject parse(byte[] frame) {
        assertEquals((byte) 0x81, frame[0]);
        int len = frame[1] & 0x7F;
        int header = len < 126 ? 2 : len == 126 ? 4 : 10;
        return JsonParser.parseString(new String(frame, header, frame.length - header, StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    @Test
    void theLengthFieldMatchesThePayloadForEverySize() {
        for (int size : new int[] {0, 1, 60, 125, 126, 200, 65_535, 65_536, 70_000}) {
            byte[] frame = EventJson.token(1, "g", "x".repeat(size));
            int len = frame[1] & 0x7F;
            long declared = len < 126 ? len : len == 126 ? ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF)
                    : java.nio.ByteBuffer.wrap(frame, 2, 8).getLong();
            int header = len < 126 ? 2 : len == 126 ? 4 : 10;
            assertEquals(frame.length - header, declared, "size " + size);
            assertEquals("x".repeat(size), parse(frame).get("text").getAsString());
        }
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
        String wire = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_8);
        assertFalse(wire.contains("\n") || wire.contains("\u2028") || wire.contains("\u0001"), wire);
        assertEquals(tricky, parse(bytes).get("text").getAsString());
    }

    @Property(tries = 3000)
    void plainAsciiTokensAreFramedExactlyAsTheGeneralEncoderFramesThem(
            @ForAll @CharRange(from = ' ', to = '~') String text, @ForAll @LongRange(min = 0) long seq) {
        byte[] frame = EventJson.token(seq, "g" + (seq % 1000), text);
        byte[] general = new JsonBytes(64 + text.length()).raw("{\"type\":\"token\",\"seq\":").number(seq)
                .raw(",\"gen\":").string("g" + (seq % 1000)).raw(",\"text\":").string(text).raw("}").toFrame();
        assertArrayEquals(general, frame, "seq " + seq + ", text " + text);
        JsonObject parsed = parse(frame);
        assertEquals(seq, parsed.get("seq").getAsLong());
        assertEquals(text, parsed.get("text").getAsString());
    }
}
