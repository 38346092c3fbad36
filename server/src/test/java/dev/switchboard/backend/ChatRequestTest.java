package dev.switchboard.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.generation.Turn;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class ChatRequestTest {

    private static final OpenAiConfig CONFIG = new OpenAiConfig(URI.create("http://127.0.0.1:1/v1"), "m", null,
            "Be brief.", 40, 8_000, 0, 4, Duration.ofSeconds(1));

    @Test
    void theSystemPromptTheChosenTurnsAndThePromptAreTheMessagesInOrder() {
        JsonObject params = new JsonObject();
        params.addProperty("temperature", 0.5);
        ChatRequest request = ChatRequest.build(CONFIG, List.of(Turn.user("q1"), Turn.assistant("a1")), "q2", params);
        JsonObject body = JsonParser.parseString(request.body()).getAsJsonObject();
        assertEquals("[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"q1\"},"
                + "{\"role\":\"assistant\",\"content\":\"a1\"},{\"role\":\"user\",\"content\":\"q2\"}]",
                body.get("messages").toString());
        assertEquals(0.5, body.get("temperature").getAsDouble());
        assertEquals(true, body.getAsJsonObject("stream_options").get("include_usage").getAsBoolean());
    }

    @Test
    void itCountsTheCharactersOfMessageTextItCarries() {
        ChatRequest request = ChatRequest.build(CONFIG, List.of(Turn.user("q1"), Turn.assistant("a1")), "q2",
                new JsonObject());
        assertEquals("Be brief.".length() + 6, request.chars());
    }
}
