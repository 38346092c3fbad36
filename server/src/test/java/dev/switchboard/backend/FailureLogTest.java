package dev.switchboard.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class FailureLogTest {

    private final ManualClock clock = new ManualClock();
    private final FailureLog log = new FailureLog(clock);
    private final LogCapture captured = new LogCapture(FailureLog.class);

    @AfterEach
    void detach() {
        captured.close();
    }

    @Test
    void aKindOfFailureLogsOnceAPeriodAndTheNextLineCountsTheOnesLeftOut() {
        log.warn("connect-refused", "refused 1");
        log.warn("connect-refused", "refused 2");
        clock.advance(FailureLog.PERIOD.minusMillis(1));
        log.warn("connect-refused", "refused 3");
        assertEquals(List.of("refused 1"), captured.lines());

        clock.advance(Duration.ofMillis(1));
        log.warn("connect-refused", "refused 4");
        assertEquals(2, captured.lines().size());
        String second = captured.lines().get(1);
        assertTrue(second.startsWith("refused 4") && second.contains("2 more like it"), second);
    }

    @Test
    void eachKindOfFailureHasItsOwnPeriod() {
        log.warn("http-503", "down");
        log.warn("http-401", "bad key");
        log.warn("http-503", "down again");
        assertEquals(List.of("down", "bad key"), captured.lines());
    }

    @Test
    void aKindThatCameBackAfterAQuietPeriodSaysNothingWasLeftOut() {
        log.warn("stream-cut", "cut 1");
        clock.advance(FailureLog.PERIOD.multipliedBy(3));
        log.warn("stream-cut", "cut 2");
        assertEquals(List.of("cut 1", "cut 2"), captured.lines());
    }
}
