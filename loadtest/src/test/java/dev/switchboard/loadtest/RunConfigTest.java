package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunConfigTest {

    private static RunConfig config(Duration ramp, Duration warmUp, int warmUpUsers) {
        return new RunConfig(URI.create("ws://127.0.0.1:1/ws"), 4000, ramp, Duration.ofSeconds(30), 50, 40,
                Scenario.SLOW, 0.2, 4, Duration.ofSeconds(15), 7, 2, ClientIo.NIO, warmUp, warmUpUsers);
    }

    @Test
    void aWarmUpRunsTheSameLoadWithItsOwnUsersAndLength() {
        RunConfig run = config(Duration.ofSeconds(20), Duration.ofSeconds(15), 1000);
        RunConfig warm = run.warmUpRun();

        assertEquals(1000, warm.users());
        assertEquals(Duration.ofSeconds(15), warm.duration());
        assertEquals(Duration.ofSeconds(5), warm.ramp(), "a long ramp is cut to five seconds");
        assertEquals(run.scenario(), warm.scenario());
        assertEquals(run.pacingMs(), warm.pacingMs());
        assertEquals(run.tokens(), warm.tokens());
        assertEquals(run.share(), warm.share());
        assertEquals(run.ioThreads(), warm.ioThreads());
        assertEquals(run.io(), warm.io());
        assertTrue(warm.warmUp().isZero(), "a warm-up has no warm-up of its own");
        assertNotEquals(run.seed(), warm.seed(), "other prompts than the measured run's");
    }

    @Test
    void aShortRampIsKeptForTheWarmUp() {
        assertEquals(Duration.ofSeconds(2), config(Duration.ofSeconds(2), Duration.ofSeconds(15), 10).warmUpRun().ramp());
    }

    @Test
    void aNegativeWarmUpOrNoWarmUpUsersIsRefused() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> config(Duration.ZERO, Duration.ofSeconds(-1), 10));
        assertTrue(negative.getMessage().contains("--warmup"), negative.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> config(Duration.ZERO, Duration.ofSeconds(15), 0));
        assertTrue(none.getMessage().contains("--warmup-users"), none.getMessage());
    }
}
