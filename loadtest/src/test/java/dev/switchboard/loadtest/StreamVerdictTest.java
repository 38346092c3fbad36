package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The verdict must catch every deliberately corrupted stream, and pass a clean one. */
@Timeout(5)
class StreamVerdictTest {

    private PromptBook book;
    private StreamVerdict verdict;
    private int seq;

    @BeforeEach
    void setUp() {
        book = new PromptBook();
        book.add("nA w1 w2");
        verdict = new StreamVerdict(book);
    }

    private StreamVerdict.Finished feed(String json) {
        return verdict.accept(Frame.parse(json));
    }

    private String ev(String type, String gen, String rest) {
        return "{\"type\":\"" + type + "\",\"seq\":" + (++seq) + ",\"gen\":\"" + gen + "\"" + rest + "}";
    }

    private void cleanStart() {
        feed(ev("queued", "g1", ",\"id\":\"p1\",\"text\":\"nA w1 w2\",\"position\":1"));
        feed(ev("start", "g1", ",\"id\":\"p1\""));
    }

    private List<StreamVerdict.Kind> kinds() {
        return verdict.problems().stream().map(StreamVerdict.Problem::kind).toList();
    }

    @Test
    void aCleanStreamPasses() {
        cleanStart();
        feed(ev("token", "g1", ",\"text\":\"nA \""));
        feed(ev("token", "g1", ",\"text\":\"w1 w2\""));
        StreamVerdict.Finished done = feed(ev("done", "g1",
                ",\"id\":\"p1\",\"text\":\"nA w1 w2\",\"reason\":\"stop\",\"tokens\":3"));
        assertNotNull(done);
        assertEquals(List.of(), kinds());
    }

    @Test
    void aPromptThatThisSessionNeverSentIsForeign() {
        feed(ev("queued", "g9", ",\"id\":\"p1\",\"text\":\"nB someone else\",\"position\":1"));
        assertEquals(List.of(StreamVerdict.Kind.FOREIGN), kinds());
    }

    @Test
    void aTokenOfAnotherGenerationIsForeign() {
        cleanStart();
        feed(ev("token", "g7", ",\"text\":\"stolen \""));
        assertEquals(List.of(StreamVerdict.Kind.FOREIGN), kinds());
    }

    @Test
    void aRepeatedSeqIsADuplicate() {
        cleanStart();
        String token = ev("token", "g1", ",\"text\":\"nA \"");
        feed(token);
        feed(token);
        assertEquals(List.of(StreamVerdict.Kind.DUPLICATE), kinds());
    }

    @Test
    void aDroppedTokenMakesTheReplyIncomplete() {
        cleanStart();
        feed(ev("token", "g1", ",\"text\":\"nA \""));
        seq++; // the frame with "w1 " never arrives
        feed(ev("token", "g1", ",\"text\":\"w2\""));
        feed(ev("done", "g1", ",\"id\":\"p1\",\"text\":\"nA w1 w2\",\"reason\":\"stop\",\"tokens\":3"));
        assertEquals(List.of(StreamVerdict.Kind.INCOMPLETE), kinds());
    }

    @Test
    void aChangedByteMakesTheReplyIncomplete() {
        cleanStart();
        feed(ev("token", "g1", ",\"text\":\"nA w1 w3\""));
        feed(ev("done", "g1", ",\"id\":\"p1\",\"text\":\"nA w1 w2\",\"reason\":\"stop\",\"tokens\":3"));
        assertEquals(List.of(StreamVerdict.Kind.INCOMPLETE), kinds());
    }

    @Test
    void aReplyThatIsNotThePromptIsWrong() {
        cleanStart();
        feed(ev("token", "g1", ",\"text\":\"nB w1 w2\""));
        feed(ev("done", "g1", ",\"id\":\"p1\",\"text\":\"nB w1 w2\",\"reason\":\"stop\",\"tokens\":3"));
        assertEquals(List.of(StreamVerdict.Kind.WRONG_REPLY), kinds());
    }

    @Test
    void aTokenAfterDoneIsCaught() {
        cleanStart();
        feed(ev("token", "g1", ",\"text\":\"nA w1 w2\""));
        feed(ev("done", "g1", ",\"id\":\"p1\",\"text\":\"nA w1 w2\",\"reason\":\"stop\",\"tokens\":3"));
        feed(ev("token", "g1", ",\"text\":\" extra\""));
        assertEquals(List.of(StreamVerdict.Kind.FOREIGN), kinds(), "a finished generation is no longer ours");
    }

    @Test
    void aPromptWithoutDoneIsLost() {
        cleanStart();
        verdict.lost("nA w1 w2");
        assertEquals(List.of(StreamVerdict.Kind.LOST), kinds());
    }

    @Test
    void mergedTokenFramesWithSkippedSeqsAreFine() {
        cleanStart();
        seq += 3; // the server merged three token events into one frame with the highest seq
        feed(ev("token", "g1", ",\"text\":\"nA w1 w2\""));
        feed(ev("done", "g1", ",\"id\":\"p1\",\"text\":\"nA w1 w2\",\"reason\":\"stop\",\"tokens\":3"));
        assertEquals(List.of(), kinds());
    }

    @Test
    void promptsCountTheirTokens() {
        Prompts prompts = new Prompts(40, 1);
        String text = prompts.next(3);
        assertEquals(40, Prompts.countTokens(text));
        assertEquals(3, Prompts.countTokens("a b  c\n"));
    }
}
