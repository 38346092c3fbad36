package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A scenario's own checks join the verdict without changing anything else of the result. */
@Timeout(5)
class ResultTest {

    private static Result plain() {
        RunConfig config = new RunConfig(URI.create("ws://127.0.0.1:1/ws"), 10, Duration.ZERO, Duration.ofSeconds(1), 50,
                40, Scenario.HOSTILE, 0, 1, Duration.ZERO, 1, 1, ClientIo.NIO, Duration.ZERO, 1);
        return Result.of(config, new Stats(), new ArrayList<>(), List.of("user 3: LOST no done"), 1, 1, 0, 0);
    }

    @Test
    void failedChecksCountAsFailuresAndAreNamedInTheVerdictAndAmongTheProblems() {
        Result base = plain();
        Result checked = base.withChecks(Map.of("phases", new JsonObject()), List.of("attack: worst stall 900 ms"));
        assertEquals(base.failures() + 1, checked.failures());
        assertEquals(List.of("user 3: LOST no done", "attack: worst stall 900 ms"), checked.problems());
        JsonObject verdict = checked.json().getAsJsonObject("verdict");
        assertFalse(verdict.get("pass").getAsBoolean());
        assertEquals(new JsonPrimitive("attack: worst stall 900 ms"), verdict.getAsJsonArray("failedChecks").get(0));
        List<String> keys = new ArrayList<>(checked.json().keySet());
        assertEquals(keys.indexOf("timeline") - 1, keys.indexOf("phases"), "sections go just before the timeline");
    }

    @Test
    void noFailedCheckAndNoCrossTalkPassesAndTheOriginalIsLeftAsItWas() {
        RunConfig config = new RunConfig(URI.create("ws://127.0.0.1:1/ws"), 10, Duration.ZERO, Duration.ofSeconds(1), 50,
                40, Scenario.STEADY, 0, 1, Duration.ZERO, 1, 1, ClientIo.NIO, Duration.ZERO, 1);
        Result base = Result.of(config, new Stats(), new ArrayList<>(), List.of(), 1, 1, 0, 0);
        String before = base.toJson();
        Result checked = base.withChecks(Map.of(), List.of());
        assertTrue(checked.json().getAsJsonObject("verdict").get("pass").getAsBoolean());
        assertEquals(before, base.toJson());
        assertFalse(base.json().has("phases"));
        assertEquals("", HostileHtml.render(base.json()), "no hostile section in another scenario's report");
    }
}
