package dev.switchboard.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The echo reply and its tokens: clients check that the tokens concatenate to {@code done.text}
 * byte for byte, so the split must lose and add nothing, whatever the whitespace.
 */
@Timeout(10)
class EchoTokensTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "hello there world", " leading", "trailing ", "  both  ", "many    spaces  between",
        "tabs\tand\nnew\r\nlines\n", "\n\t \n", " ", "", "x", "ünïcödé wörds 日本語 テキスト",
        "emoji 😀 👍🏽 end", "ideographic\u3000space", "no\u00A0break space", "a\u2003b\u2028c",
    })
    void tokensConcatenateExactlyToTheInput(String text) {
        assertEquals(text, String.join("", EchoTokens.split(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "hello there world", "  lead and trail  ", "tabs\tand\nnew\r\nlines\n", "日本語 テキスト 😀 x",
    })
    void eachTokenIsOneWordWithTheWhitespaceAfterIt(String text) {
        List<String> tokens = EchoTokens.split(text);
        for (int t = 0; t < tokens.size(); t++) {
            String token = tokens.get(t);
            int i = 0;
            if (t == 0) {
                while (i < token.length() && Character.isWhitespace(token.charAt(i))) {
                    i++; // the first token also carries the leading whitespace
                }
            }
            int wordStart = i;
            while (i < token.length() && !Character.isWhitespace(token.charAt(i))) {
                i++;
            }
            assertTrue(i > wordStart, "token " + t + " '" + token + "' has a word");
            while (i < token.length() && Character.isWhitespace(token.charAt(i))) {
                i++;
            }
            assertEquals(token.length(), i, "token " + t + " '" + token + "' is one word then whitespace");
        }
    }

    @Test
    void wordsSplitWithTheirTrailingWhitespace() {
        assertEquals(List.of("hello ", "there ", "world"), EchoTokens.split("hello there world"));
        assertEquals(List.of("  a\t\t", "b\n"), EchoTokens.split("  a\t\tb\n"));
        assertEquals(List.of("a  ", "b   "), EchoTokens.split("a  b   "));
    }

    @Test
    void aTokenEndsBeforeTheNextWordWhereverItStarts() {
        String text = "  hello there\tworld ";
        assertEquals(8, EchoTokens.end(text, 0)); // "  hello " (leading whitespace stays with the first word)
        assertEquals(14, EchoTokens.end(text, 8)); // "there\t"
        assertEquals(text.length(), EchoTokens.end(text, 14)); // "world ", the last
        assertEquals(8, EchoTokens.end(text, 3)); // from inside a word: to the end of that word's whitespace
    }

    @Test
    void emptyTextHasNoTokensAndWhitespaceOnlyTextIsOneToken() {
        assertTrue(EchoTokens.split("").isEmpty());
        assertEquals(List.of(" \t\n "), EchoTokens.split(" \t\n "));
    }

    @Test
    void aWordWithASurrogatePairOrANoBreakSpaceStaysWhole() {
        assertEquals(List.of("👍🏽 ", "ok"), EchoTokens.split("👍🏽 ok"));
        assertEquals(List.of("a\u00A0b ", "c"), EchoTokens.split("a\u00A0b c")); // a no-break space joins words
    }

    @Test
    void theReplyRepeatsTheTextJoinedByOneSpace() {
        assertEquals("a b", EchoTokens.reply("a b", 1));
        assertEquals("a b a b a b", EchoTokens.reply("a b", 3));
        assertEquals("x  x ", EchoTokens.reply("x ", 2));
        assertEquals(" ", EchoTokens.reply("", 2));
        assertEquals(List.of("hi ", "there ", "hi ", "there"), EchoTokens.split(EchoTokens.reply("hi there", 2)));
    }
}
