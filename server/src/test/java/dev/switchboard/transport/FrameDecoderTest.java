package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The frame codec on its own: what each client frame decodes to, and that a malformed frame becomes
 * {@link ClientMessage.Invalid} (never an exception, which would kill the connection's handler).
 */
@Timeout(10)
class FrameDecoderTest {

    @Test
    void aHelloDecodesWithEveryOptionalFieldAbsentOrPresent() {
        assertEquals(new ClientMessage.Hello(null, null, null), FrameDecoder.decode("{\"type\":\"hello\"}"));
        assertEquals(new ClientMessage.Hello("s1", 0L, "t"),
                FrameDecoder.decode("{\"type\":\"hello\",\"session\":\"s1\",\"after\":0,\"token\":\"t\"}"));
        assertEquals(new ClientMessage.Hello("s1", 42L, null),
                FrameDecoder.decode("{\"type\":\"hello\",\"session\":\"s1\",\"after\":42}"));
        assertEquals(new ClientMessage.Hello(null, null, null),
                FrameDecoder.decode("{\"type\":\"hello\",\"session\":null,\"after\":null}"));
    }

    @Test
    void aPromptDecodesWithItsParamsOrAnEmptyObject() {
        assertEquals(new ClientMessage.Prompt("p1", "hi there", JsonParser.parseString("{\"repeat\":2}").getAsJsonObject()),
                FrameDecoder.decode("{\"type\":\"prompt\",\"id\":\"p1\",\"text\":\"hi there\",\"params\":{\"repeat\":2}}"));
        ClientMessage bare = FrameDecoder.decode("{\"type\":\"prompt\",\"id\":\"p1\",\"text\":\"\"}");
        assertEquals(new ClientMessage.Prompt("p1", "", new com.google.gson.JsonObject()), bare);
        ClientMessage nullParams = FrameDecoder.decode("{\"type\":\"prompt\",\"id\":\"p1\",\"text\":\"x\",\"params\":null}");
        assertEquals(0, assertInstanceOf(ClientMessage.Prompt.class, nullParams).params().size());
    }

    @Test
    void aPromptIdOfOneAndOfSixtyFourCharactersIsAccepted() {
        assertEquals("a", assertInstanceOf(ClientMessage.Prompt.class,
                FrameDecoder.decode("{\"type\":\"prompt\",\"id\":\"a\",\"text\":\"x\"}")).id());
        String id64 = "i".repeat(64);
        assertEquals(id64, assertInstanceOf(ClientMessage.Prompt.class,
                FrameDecoder.decode("{\"type\":\"prompt\",\"id\":\"" + id64 + "\",\"text\":\"x\"}")).id());
    }

    @Test
    void cancelAndPingDecode() {
        assertEquals(new ClientMessage.Cancel(null), FrameDecoder.decode("{\"type\":\"cancel\"}"));
        assertEquals(new ClientMessage.Cancel("g7"), FrameDecoder.decode("{\"type\":\"cancel\",\"gen\":\"g7\"}"));
        assertEquals(new ClientMessage.Ping(), FrameDecoder.decode("{\"type\":\"ping\"}"));
    }

    @Test
    void unknownExtraFieldsAreIgnoredSoNewerClientsStillWork() {
        assertEquals(new ClientMessage.Ping(), FrameDecoder.decode("{\"x\":[1,{\"y\":2}],\"type\":\"ping\",\"v\":2}"));
    }

    /** Each row: the frame, a word the message must contain, the prompt id the error must carry (or empty). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|JSON|",
        "`not json`|JSON|",
        "`{\"type\":\"ping\"`|JSON|",
        "`{type:'ping'}`|JSON|",
        "`{\"type\":\"ping\"} trailing`|JSON|",
        "`{\"type\":\"ping\"}{\"type\":\"ping\"}`|JSON|",
        "`[{\"type\":\"ping\"}]`|object|",
        "`42`|object|",
        "`\"ping\"`|object|",
        "`null`|object|",
        "`true`|object|",
        "`{}`|type|",
        "`{\"type\":7}`|type|",
        "`{\"type\":null}`|type|",
        "`{\"type\":{\"a\":1}}`|type|",
        "`{\"type\":\"dance\"}`|dance|",
        "`{\"type\":\"Ping\"}`|Ping|",
        "`{\"type\":\"prompt\",\"text\":\"x\"}`|id|",
        "`{\"type\":\"prompt\",\"id\":5,\"text\":\"x\"}`|id|",
        "`{\"type\":\"prompt\",\"id\":\"\",\"text\":\"x\"}`|id|",
        "`{\"type\":\"prompt\",\"id\":\"p1\"}`|text|p1",
        "`{\"type\":\"prompt\",\"id\":\"p1\",\"text\":[\"x\"]}`|text|p1",
        "`{\"type\":\"prompt\",\"id\":\"p1\",\"text\":\"x\",\"params\":[]}`|params|p1",
        "`{\"type\":\"prompt\",\"id\":\"p1\",\"text\":\"x\",\"params\":\"repeat=2\"}`|params|p1",
        "`{\"type\":\"hello\",\"session\":12}`|session|",
        "`{\"type\":\"hello\",\"after\":-1}`|after|",
        "`{\"type\":\"hello\",\"after\":1.5}`|after|",
        "`{\"type\":\"hello\",\"after\":\"3\"}`|after|",
        "`{\"type\":\"hello\",\"after\":1e400}`|after|",
        "`{\"type\":\"hello\",\"token\":false}`|token|",
        "`{\"type\":\"cancel\",\"gen\":3}`|gen|",
    })
    void aMalformedFrameBecomesInvalidWithAMessageNamingTheProblem(String frame, String word, String id) {
        ClientMessage.Invalid invalid = assertInstanceOf(ClientMessage.Invalid.class, FrameDecoder.decode(frame));
        assertTrue(invalid.message().contains(word), "'" + invalid.message() + "' names " + word);
        assertEquals(id, invalid.id());
    }

    @Test
    void anUnknownTypeIsClippedInTheMessage() {
        String longType = "x".repeat(10_000);
        ClientMessage.Invalid invalid = assertInstanceOf(ClientMessage.Invalid.class,
                FrameDecoder.decode("{\"type\":\"" + longType + "\"}"));
        assertTrue(invalid.message().length() < 200, invalid.message());
    }

    @Test
    void deeplyNestedJsonIsInvalidInsteadOfOverflowingTheStack() {
        assertInstanceOf(ClientMessage.Invalid.class, FrameDecoder.decode("[".repeat(100_000)));
        assertInstanceOf(ClientMessage.Invalid.class, FrameDecoder.decode("{\"a\":".repeat(100_000)));
        String balanced = "[".repeat(100_000) + "]".repeat(100_000);
        assertInstanceOf(ClientMessage.Invalid.class,
                FrameDecoder.decode("{\"type\":\"ping\",\"deep\":" + balanced + "}"));
    }

    @Test
    void aPromptIdOfSixtyFiveCharactersIsInvalid() {
        ClientMessage.Invalid invalid = assertInstanceOf(ClientMessage.Invalid.class,
                FrameDecoder.decode("{\"type\":\"prompt\",\"id\":\"" + "i".repeat(65) + "\",\"text\":\"x\"}"));
        assertTrue(invalid.message().contains("'id'"), invalid.message());
    }
}
