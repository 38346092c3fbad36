package dev.switchboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line as an operator uses it: a real process, its exit codes, and SIGTERM. */
@Timeout(60)
class MainTest {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");

    private Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Switchboard.class.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(output::add);
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // the process ended
            }
        });
        return process;
    }

    private int awaitPort() {
        await().atMost(Duration.ofSeconds(20)).until(() -> output.stream().anyMatch(l -> LISTENING.matcher(l).find()));
        Matcher m = output.stream().map(LISTENING::matcher).filter(Matcher::find).findFirst().orElseThrow();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aBadSettingStopsStartUpWithOneLineAndExitCode2() throws Exception {
        Process p = launch("--port", "70000");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        List<String> lines = output.stream().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("port must be between 0 and 65535"), lines.get(0));
    }

    @Test
    void helpListsTheSettingsAndExitsZero() throws Exception {
        Process p = launch("--help");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        String help = String.join("\n", output);
        for (String flag : List.of("--port", "--host", "--max-generations", "--global-queue", "--session-queue",
                "--hello-timeout", "--max-frame-bytes", "--session-ttl", "--echo-delay", "--drain-timeout",
                "--config")) {
            assertTrue(help.contains(flag), flag);
        }
    }

    @Test
    void sigtermDrainsThenEndsTheRestWithShutdownClosesWith1001AndExitsZero() throws Exception {
        launch("--host", "127.0.0.1", "--port", "0", "--drain-timeout", "1500ms");
        int port = awaitPort();
        try (WsClient client = WsClient.hello(port, null); WsClient late = WsClient.hello(port, null)) {
            client.prompt("quick", "done in time", "{\"delayMs\":10}");
            client.prompt("long", "w ".repeat(200).trim(), "{\"delayMs\":50}"); // 10 s: longer than the drain
            client.await(f -> "start".equals(f.get("type").getAsString()) && "long".equals(f.get("id").getAsString()));

            process.destroy(); // SIGTERM
            await().atMost(Duration.ofSeconds(5)).until(() -> TestHttp.get(port, "/readyz").statusCode() == 503);
            late.prompt("refused", "too late", null);
            JsonObject error = late.await(f -> "error".equals(f.get("type").getAsString()));
            assertEquals("shutting_down", error.get("code").getAsString());

            JsonObject done = client.awaitDone("long", Duration.ofSeconds(10));
            assertEquals("shutdown", done.get("reason").getAsString());
            assertEquals("stop", client.awaitDone("quick").get("reason").getAsString());
            assertEquals(1001, client.closed().get(10, TimeUnit.SECONDS));
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
        }
    }
}
