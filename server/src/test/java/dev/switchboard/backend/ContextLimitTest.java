package dev.switchboard.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class ContextLimitTest {

    @Test
    void theWindowIsUnknownUntilStatedAndTheLastStatedWins() {
        ContextLimit limit = new ContextLimit();
        assertEquals(OptionalInt.empty(), limit.window());
        limit.stated(4096);
        limit.stated(0);
        assertEquals(OptionalInt.of(4096), limit.window());
        limit.stated(8192);
        assertEquals(OptionalInt.of(8192), limit.window());
    }

    @Test
    void withoutMaxTokensAQuarterOfTheWindowIsKeptForTheReply() {
        assertEquals(4000 - 1000 - 200, ContextLimit.room(4000, 200, OptionalInt.empty()));
    }

    @Test
    void withMaxTokensTheReplyAndATenthOfTheWindowAreKept() {
        assertEquals(4000 - 1500 - 400 - 200, ContextLimit.room(4000, 200, OptionalInt.of(1500)));
    }

    @Test
    void aPromptThatFillsTheWindowLeavesNoRoomRatherThanLessThanNone() {
        assertEquals(0, ContextLimit.room(4000, 3900, OptionalInt.empty()));
        assertEquals(0, ContextLimit.room(4000, 0, OptionalInt.of(1_000_000)));
    }
}
