package dev.switchboard.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.generation.Turn;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class ChatRequestTest {

    private static final List<Turn> HISTORY = List.of(
            Turn.user("q1"), Turn.assistant("a1"),
            Turn.user("q2"), Turn.assistant("a2"),
            Turn.user("q3"), Turn.assistant("a3"));

    @Test
    void theNewestWholePairsWithinTheTurnBudgetAreKept() {
        assertEquals(HISTORY.subList(2, 6), ChatRequest.budget(HISTORY, 5, 1000));
        assertEquals(HISTORY, ChatRequest.budget(HISTORY, 6, 1000));
        assertEquals(List.of(), ChatRequest.budget(HISTORY, 1, 1000));
    }

    @Test
    void aPairWhoseReplyIsBlankIsLeftOutAndCostsNothing() {
        List<Turn> history = List.of(
                Turn.user("q1"), Turn.assistant("a1"),
                Turn.user("too long for the model"), Turn.assistant(""),
                Turn.user("q3"), Turn.assistant(" \n"),
                Turn.user("q4"), Turn.assistant("a4"));
        assertEquals(List.of(Turn.user("q1"), Turn.assistant("a1"), Turn.user("q4"), Turn.assistant("a4")),
                ChatRequest.budget(history, 4, 8));
    }

    @Test
    void aPairWithPartialTextIsKept() {
        List<Turn> history = List.of(Turn.user("q1"), Turn.assistant("cut off mid"));
        assertEquals(history, ChatRequest.budget(history, 10, 1000));
    }

    @Test
    void aStrayTurnThatLostItsPairIsSkipped() {
        List<Turn> history = List.of(Turn.user("q1"), Turn.assistant("a1"), Turn.user("q2 with no reply"));
        assertEquals(history.subList(0, 2), ChatRequest.budget(history, 10, 1000));
    }

    @Test
    void theCharacterBudgetCountsBothTurnsOfAPair() {
        assertEquals(HISTORY.subList(4, 6), ChatRequest.budget(HISTORY, 100, 5));
        assertEquals(HISTORY.subList(2, 6), ChatRequest.budget(HISTORY, 100, 8));
    }
}
