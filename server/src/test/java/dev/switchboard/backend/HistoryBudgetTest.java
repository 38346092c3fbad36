package dev.switchboard.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.generation.Turn;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class HistoryBudgetTest {

    private static final List<Turn> HISTORY = List.of(
            Turn.user("q1"), Turn.assistant("a1"),
            Turn.user("q2"), Turn.assistant("a2"),
            Turn.user("q3"), Turn.assistant("a3"));

    /** A budget of turns and characters, the token budget out of the way. */
    private static List<Turn> budget(List<Turn> history, int turns, int chars) {
        return new HistoryBudget(turns, Integer.MAX_VALUE, chars, TokenRatio.DEFAULT).pick(history);
    }

    @Test
    void theNewestWholePairsWithinTheTurnBudgetAreKept() {
        assertEquals(HISTORY.subList(2, 6), budget(HISTORY, 5, 1000));
        assertEquals(HISTORY, budget(HISTORY, 6, 1000));
        assertEquals(List.of(), budget(HISTORY, 1, 1000));
    }

    @Test
    void aPairWhoseReplyIsBlankIsLeftOutAndCostsNothing() {
        List<Turn> history = List.of(
                Turn.user("q1"), Turn.assistant("a1"),
                Turn.user("too long for the model"), Turn.assistant(""),
                Turn.user("q3"), Turn.assistant(" \n"),
                Turn.user("q4"), Turn.assistant("a4"));
        assertEquals(List.of(Turn.user("q1"), Turn.assistant("a1"), Turn.user("q4"), Turn.assistant("a4")),
                budget(history, 4, 8));
    }

    @Test
    void aPairWithPartialTextIsKept() {
        List<Turn> history = List.of(Turn.user("q1"), Turn.assistant("cut off mid"));
        assertEquals(history, budget(history, 10, 1000));
    }

    @Test
    void aStrayTurnThatLostItsPairIsSkipped() {
        List<Turn> history = List.of(Turn.user("q1"), Turn.assistant("a1"), Turn.user("q2 with no reply"));
        assertEquals(history.subList(0, 2), budget(history, 10, 1000));
    }

    @Test
    void theCharacterCapCountsBothTurnsOfAPairAndZeroMeansNoCap() {
        assertEquals(HISTORY.subList(4, 6), budget(HISTORY, 100, 5));
        assertEquals(HISTORY.subList(2, 6), budget(HISTORY, 100, 8));
        assertEquals(HISTORY, budget(HISTORY, 100, 0));
    }

    @Test
    void theTokenBudgetIsEstimatedAtTheGivenCharactersPerToken() {
        // every pair is 4 characters: 1 token at 4 characters a token, 2 at 2, 4 at 1
        assertEquals(HISTORY, new HistoryBudget(100, 3, 0, 4.0).pick(HISTORY));
        assertEquals(HISTORY.subList(2, 6), new HistoryBudget(100, 4, 0, 2.0).pick(HISTORY));
        assertEquals(HISTORY.subList(4, 6), new HistoryBudget(100, 7, 0, 1.0).pick(HISTORY));
        assertEquals(List.of(), new HistoryBudget(100, 3, 0, 1.0).pick(HISTORY));
    }

    @Test
    void aPairIsCountedInWholeTokensSoAPartOfOneIsNotFree() {
        List<Turn> history = List.of(Turn.user("q"), Turn.assistant("four")); // 5 characters
        assertEquals(List.of(), new HistoryBudget(100, 1, 0, 4.0).pick(history));
        assertEquals(history, new HistoryBudget(100, 2, 0, 4.0).pick(history));
    }
}
