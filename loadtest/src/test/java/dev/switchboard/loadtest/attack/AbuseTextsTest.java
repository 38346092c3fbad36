package dev.switchboard.loadtest.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The attackers' frames are well-formed, and their replies just fit the echo's bound. */
@Timeout(5)
class AbuseTextsTest {

    /** The echo generator's bound on one reply, on the servers measured. */
    private static final long ECHO_MAX_REPLY_CHARS = 4_000_000;

    private static long replyChars(String text, int repeat) {
        return (long) text.length() * repeat + (repeat - 1); // joined by one space
    }

    @Test
    void theBurstReplyIsAboutTwoMillionTokensAndJustUnderTheEchosBound() {
        assertEquals(199, AbuseTexts.BURST_TEXT.split(" ").length);
        long chars = replyChars(AbuseTexts.BURST_TEXT, 10_000);
        assertTrue(chars <= ECHO_MAX_REPLY_CHARS && chars > 0.99 * ECHO_MAX_REPLY_CHARS, chars + " chars");
    }

    @Test
    void theHugeHistoryPromptIs32000CharactersAndItsReplyFitsTheBoundToo() {
        assertEquals(32_000, AbuseTexts.HUGE_TEXT.length());
        assertTrue(replyChars(AbuseTexts.HUGE_TEXT, 122) <= ECHO_MAX_REPLY_CHARS);
        String prompt = AbuseTexts.prompt("h1", AbuseTexts.HUGE_TEXT, HugeHistoryAbuse.PARAMS);
        assertTrue(prompt.length() < 65_536, "under the protocol's default frame limit: " + prompt.length());
    }

    @Test
    void promptsAndHellosAreTheJsonTheyLookLike() {
        JsonObject p = JsonParser.parseString(AbuseTexts.prompt("c7", AbuseTexts.SHORT_TEXT, CancelFloodAbuse.PARAMS))
                .getAsJsonObject();
        assertEquals("prompt", p.get("type").getAsString());
        assertEquals("c7", p.get("id").getAsString());
        assertEquals(AbuseTexts.SHORT_TEXT, p.get("text").getAsString());
        assertEquals(1000, p.getAsJsonObject("params").get("delayMs").getAsInt());
        String id = AbuseTexts.randomSessionId();
        assertEquals(22, id.length());
        assertEquals(16, Base64.getUrlDecoder().decode(id).length);
        assertEquals(id, JsonParser.parseString(AbuseTexts.helloTo(id)).getAsJsonObject().get("session").getAsString());
    }
}
