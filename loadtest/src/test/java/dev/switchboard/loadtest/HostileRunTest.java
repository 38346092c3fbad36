package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hostile scenario end to end for a few seconds, against the {@link MiniEchoServer} of this test
 * (the loadtest module starts no real Switchboard server; the scenario's run against one is a manual
 * step): both phases measured, every abuse run from the attacker address, the checks after the attack
 * made, and all of it in the result and the report. Its figures are not judged here: the machine is
 * shared, and the mini server is no model of the real one.
 */
@Timeout(60)
class HostileRunTest {

    @Test
    void aShortHostileRunMeasuresBothPhasesRunsEveryAbuseAndChecksTheServerAfterwards() throws Exception {
        try (MiniEchoServer server = new MiniEchoServer()) {
            RunConfig config = new RunConfig(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), 4,
                    Duration.ofMillis(500), Duration.ofSeconds(3), 50, 8, Scenario.HOSTILE, 0, 1, Duration.ofSeconds(5),
                    7, 1, ClientIo.NIO, Duration.ZERO, 1);
            HostileConfig hostile = new HostileConfig(6, InetAddress.getByName("127.0.0.2"), Duration.ofSeconds(60),
                    Duration.ofSeconds(60), Duration.ofSeconds(60), 1L << 40);
            List<String> lines = new ArrayList<>();
            Result result = new HostileRun(config, hostile).execute(lines::add);

            assertTrue(lines.stream().anyMatch(l -> l.startsWith("phase=calm ")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("phase=attack ")), lines.toString());
            assertEquals(0, result.json().getAsJsonObject("verdict").get("crossTalkAndLoss").getAsLong(),
                    result.problems().toString());

            JsonObject phases = result.json().getAsJsonObject("phases");
            for (String phase : List.of("calm", "attack")) {
                JsonObject p = phases.getAsJsonObject(phase);
                assertTrue(p.get("tokens").getAsLong() > 0, phase + ": " + p);
                assertTrue(p.getAsJsonObject("tokenLatenessMs").get("count").getAsLong() > 0, phase + ": " + p);
                assertTrue(p.get("worstStallMs").getAsDouble() >= 40, phase + ": a gap is at least the pacing: " + p);
            }

            JsonObject abuses = result.json().getAsJsonObject("attackers").getAsJsonObject("abuses");
            assertEquals(6, abuses.size());
            for (String abuse : abuses.keySet()) {
                JsonObject a = abuses.getAsJsonObject(abuse);
                assertTrue(a.get("connections").getAsLong() > 0, abuse + ": " + a);
                assertTrue(a.get("framesSent").getAsLong() > 0, abuse + ": " + a);
            }
            // the unfinished-frame sockets (3 + 2 a turn) of the first turn at least got through the hand-made
            // handshake (a turn begun just before the stop may not have), and each is accounted for once: closed
            // by the server (the mini server closes the 4 MiB ones with 1009, when its one thread gets to them
            // under the floods) or still open when the attack ended
            JsonObject own = abuses.getAsJsonObject("unfinishedFrames").getAsJsonObject("own");
            for (String variant : List.of("frame4MiB", "frame60000")) {
                long sockets = count(own, variant + ".sockets");
                long perTurn = variant.equals("frame4MiB") ? 3 : 2;
                assertTrue(sockets >= perTurn && sockets <= perTurn * count(own, "turns"), own.toString());
                assertEquals(sockets, count(own, variant + ".closedByServer") + count(own, variant + ".openAtAttackEnd")
                        + count(own, variant + ".openAtHoldEnd"), own.toString());
            }

            JsonObject alive = result.json().getAsJsonObject("alive");
            assertTrue(alive.getAsJsonObject("freshHello").get("ok").getAsBoolean(), alive.toString());
            assertTrue(alive.getAsJsonObject("resume").get("ok").getAsBoolean(), alive.toString());
            JsonObject heap = result.json().getAsJsonObject("heap");
            assertTrue(heap.get("exposed").getAsBoolean(), heap.toString());
            assertTrue(heap.get("calmSamples").getAsInt() >= 2, heap.toString());

            assertEquals(result.failures() == 0, result.json().getAsJsonObject("verdict").get("pass").getAsBoolean());
            String html = HtmlReport.render(result);
            assertTrue(html.contains("calm and under attack") && html.contains("unfinishedFrames"), "the report shows both");
        }
    }

    private static long count(JsonObject own, String name) {
        return own.has(name) ? own.get(name).getAsLong() : 0;
    }
}
