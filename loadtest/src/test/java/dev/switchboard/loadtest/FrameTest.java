package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading server frames: Switchboard's and the Node reference's, whose fields come in other orders. */
class FrameTest {

    @Test
    void readsATokenWhateverTheFieldOrder() {
        Frame a = Frame.parse("{\"type\":\"token\",\"seq\":7,\"gen\":\"g1\",\"text\":\"caf\u00e9 \"}");
        Frame b = Frame.parse("{\"text\":\"caf\u00e9 \",\"gen\":\"g1\",\"seq\":7,\"type\":\"token\"}");
        assertEquals(a, b);
        assertEquals("token", a.type());
        assertEquals(7, a.seq());
        assertEquals("g1", a.gen());
        assertEquals("caf\u00e9 ", a.text());
    }

    @Test
    void readsTheUtf8BytesThatCame() {
        byte[] utf8 = "{\"type\":\"token\",\"seq\":1,\"gen\":\"g\",\"text\":\"\u4f60\u597d \ud83d\ude00\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("\u4f60\u597d \ud83d\ude00", Frame.parse(utf8).text());
    }

    @Test
    void skipsUnknownFieldsAndNulls() {
        Frame f = Frame.parse("{\"type\":\"done\",\"state\":{\"a\":[1,{\"b\":null}]},\"seq\":9,\"gen\":\"g\","
                + "\"id\":\"p1\",\"text\":\"x\",\"reason\":\"stop\",\"tokens\":40,\"error\":null,\"details\":[]}");
        assertEquals("done", f.type());
        assertEquals(9, f.seq());
        assertEquals("p1", f.id());
        assertEquals("stop", f.reason());
        assertEquals(40, f.tokens());
        assertNull(f.code());
    }

    @Test
    void aFrameWithoutSeqSaysMinusOne() {
        Frame f = Frame.parse("{\"type\":\"welcome\",\"session\":\"s1\"}");
        assertEquals(-1, f.seq());
        assertEquals("s1", f.session());
    }

    @Test
    void rejectsWhatIsNotOneObjectOfTheRightTypes() {
        for (String bad : new String[] {"", "[1]", "{\"type\":\"token\"", "{\"type\":\"token\"} {}",
                "{\"type\":1}", "{\"seq\":\"seven\"}", "{\"text\":{\"a\":1}}", "not json"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Frame.parse(bad), bad);
            assertEquals("not a server frame: " + bad, e.getMessage());
        }
    }
}
