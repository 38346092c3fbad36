package dev.switchboard.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.generation.InvalidParamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The echo params of PROTOCOL.md: defaults, the bounds that are allowed, and everything refused. */
@Timeout(10)
class EchoParamsTest {

    private static final long DEFAULT_DELAY = 20;

    @Test
    void noParamsGiveTheDefaults() throws InvalidParamsException {
        assertEquals(new EchoParams(1, DEFAULT_DELAY, 0, false, -1), EchoParams.parse(new JsonObject(), DEFAULT_DELAY));
    }

    @Test
    void everyParamIsRead() throws InvalidParamsException {
        assertEquals(new EchoParams(3, 5, 7, true, 2), parse(
                "{\"repeat\":3,\"delayMs\":5,\"firstTokenDelayMs\":7,\"blocking\":true,\"failAfter\":2}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"repeat\":1}", "{\"repeat\":10000}", "{\"delayMs\":0}", "{\"delayMs\":60000}",
        "{\"firstTokenDelayMs\":0}", "{\"firstTokenDelayMs\":60000}", "{\"blocking\":false}", "{\"failAfter\":0}",
    })
    void valuesAtTheBoundsAreAccepted(String params) throws InvalidParamsException {
        parse(params);
    }

    /** Each row: params, the param the message must name. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"repeat\":0}`|repeat",
        "`{\"repeat\":10001}`|repeat",
        "`{\"repeat\":2.5}`|repeat",
        "`{\"repeat\":\"3\"}`|repeat",
        "`{\"repeat\":99999999999999999999999}`|repeat",
        "`{\"repeat\":[1]}`|repeat",
        "`{\"delayMs\":60001}`|delayMs",
        "`{\"delayMs\":-1}`|delayMs",
        "`{\"delayMs\":1e400}`|delayMs",
        "`{\"firstTokenDelayMs\":-1}`|firstTokenDelayMs",
        "`{\"firstTokenDelayMs\":60001}`|firstTokenDelayMs",
        "`{\"blocking\":\"yes\"}`|blocking",
        "`{\"blocking\":1}`|blocking",
        "`{\"failAfter\":-1}`|failAfter",
        "`{\"failAfter\":1.5}`|failAfter",
        "`{\"speed\":2}`|speed",
        "`{\"repeat\":2,\"Repeat\":2}`|Repeat",
    })
    void outOfBoundsWronglyTypedOrUnknownParamsAreRefusedByName(String params, String name) {
        InvalidParamsException e = assertThrows(InvalidParamsException.class, () -> parse(params));
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }

    private static EchoParams parse(String json) throws InvalidParamsException {
        return EchoParams.parse(JsonParser.parseString(json).getAsJsonObject(), DEFAULT_DELAY);
    }
}
