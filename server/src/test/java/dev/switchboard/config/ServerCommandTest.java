package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.backend.OpenAiGenerator;
import dev.switchboard.generation.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Settings come from flags, then SWITCHBOARD_* variables, then the config file, then defaults. */
@Timeout(10)
class ServerCommandTest {

    @TempDir
    Path dir;

    private SwitchboardConfig config(String[] args, Map<String, String> env) {
        return ServerCommand.parse(args, env).applyTo(SwitchboardConfig.builder()).build();
    }

    @Test
    void withNothingGivenTheDefaultsHold() {
        SwitchboardConfig c = config(new String[0], Map.of());
        assertEquals(8080, c.network().port());
        assertEquals("0.0.0.0", c.network().host());
        assertEquals(Duration.ofSeconds(10), c.network().helloTimeout());
        assertEquals(8, c.sessions().queueSize());
        assertEquals(65536, c.network().maxFrameBytes());
        assertEquals(Duration.ofMinutes(30), c.sessions().idleTtl());
        assertEquals(Duration.ofMillis(20), c.generation().echoDelay());
        assertTrue(!c.security().authRequired());
    }

    @Test
    void aFlagBeatsTheVariableWhichBeatsTheFile() throws IOException {
        Path file = dir.resolve("switchboard.properties");
        Files.writeString(file, "port=1111\nsession-queue=3\nhello-timeout=7s\nallowed-origins=https://a.example\n");
        Map<String, String> env = Map.of("SWITCHBOARD_PORT", "2222", "SWITCHBOARD_SESSION_QUEUE", "4");
        SwitchboardConfig c = config(new String[] {"--config", file.toString(), "--port", "3333"}, env);
        assertEquals(3333, c.network().port());
        assertEquals(4, c.sessions().queueSize());
        assertEquals(Duration.ofSeconds(7), c.network().helloTimeout());
        assertEquals(List.of("https://a.example"), c.security().allowedOrigins());
    }

    @Test
    void theConfigFileCanBeNamedByTheEnvironment() throws IOException {
        Path file = dir.resolve("from-env.properties");
        Files.writeString(file, "max-generations=12\n");
        SwitchboardConfig c = config(new String[0], Map.of("SWITCHBOARD_CONFIG", file.toString()));
        assertEquals(12, c.generation().maxConcurrent());
    }

    @Test
    void theJwtSecretComesOnlyFromTheEnvironmentAndTurnsAuthOn() {
        SwitchboardConfig c = config(new String[0],
                Map.of("SWITCHBOARD_JWT_SECRET", "0123456789abcdef0123456789abcdef"));
        assertTrue(c.security().authRequired());
        assertTrue(!c.security().toString().contains("0123456789abcdef"), "the secret never shows");
    }

    @Test
    void aBadValueNamesTheSetting() {
        CommandLine.ParameterException flag = assertThrows(CommandLine.ParameterException.class,
                () -> ServerCommand.parse(new String[] {"--port", "eighty"}, Map.of()));
        assertTrue(flag.getMessage().contains("--port"), flag.getMessage());
        CommandLine.ParameterException env = assertThrows(CommandLine.ParameterException.class,
                () -> ServerCommand.parse(new String[0], Map.of("SWITCHBOARD_HELLO_TIMEOUT", "soon")));
        assertTrue(env.getMessage().contains("--hello-timeout"), env.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> config(new String[] {"--session-queue", "-1"}, Map.of()));
        assertTrue(range.getMessage().contains("session-queue"), range.getMessage());
    }

    @Test
    void theOpenAiHistoryBudgetsDefaultToFortyTurnsAndEightThousandTokensWithNoCharacterCap() {
        ServerCommand c = ServerCommand.parse(new String[] {"--backend", "openai", "--model", "m"}, Map.of());
        assertEquals(40, c.historyTurns);
        assertEquals(8000, c.historyTokens);
        assertEquals(0, c.historyChars);
        Generator generator = c.generator();
        assertTrue(generator instanceof OpenAiGenerator);
        generator.close();
    }

    @Test
    void theHistoryTokenBudgetComesFromItsFlagOrVariableAndMustNotBeNegative() {
        assertEquals(2000, ServerCommand.parse(new String[] {"--history-tokens", "2000"}, Map.of()).historyTokens);
        assertEquals(3000, ServerCommand.parse(new String[0], Map.of("SWITCHBOARD_HISTORY_TOKENS", "3000")).historyTokens);
        assertEquals(500, ServerCommand.parse(new String[] {"--history-chars", "500"}, Map.of()).historyChars);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerCommand.parse(
                new String[] {"--backend", "openai", "--model", "m", "--history-tokens", "-1"}, Map.of()).generator());
        assertTrue(e.getMessage().contains("history-tokens"), e.getMessage());
    }

    @Test
    void anUnknownSettingInTheFileIsRefusedByName() throws IOException {
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "prot=8080\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerCommand.parse(new String[] {"--config=" + file}, Map.of()));
        assertTrue(e.getMessage().contains("'prot'"), e.getMessage());
    }

    @Test
    void aMissingConfigFileIsRefusedByPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerCommand.parse(new String[] {"--config", dir.resolve("nope").toString()}, Map.of()));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
}
