package dev.switchboard.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class SseParserTest {

    private final List<String> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    private void feed(String... lines) {
        for (String line : lines) {
            parser.line(line);
        }
    }

    @Test
    void aBlankLineEndsAnEventAndDataLinesJoinWithNewlines() {
        feed("data: one", "data: two", "", "data:three", "");
        assertEquals(List.of("one\ntwo", "three"), events);
    }

    @Test
    void commentsAndOtherFieldsAreIgnored() {
        feed(": keep-alive", "event: message", "id: 7", "retry: 100", "data: x", "");
        assertEquals(List.of("x"), events);
    }

    @Test
    void onlyOneLeadingSpaceIsStrippedFromAValue() {
        feed("data:  two spaces", "");
        assertEquals(List.of(" two spaces"), events);
    }

    @Test
    void anEventWithoutTheClosingBlankLineIsDispatchedAtTheEnd() {
        feed("data: last");
        parser.end();
        assertEquals(List.of("last"), events);
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkipped() {
        feed("\uFEFFdata: bom", "");
        assertEquals(List.of("bom"), events);
    }

    @Test
    void blankLinesWithoutDataDispatchNothing() {
        feed("", "", ": only a comment", "");
        assertEquals(List.of(), events);
    }
}
