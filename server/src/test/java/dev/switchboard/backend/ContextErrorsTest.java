package dev.switchboard.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each server's "context length exceeded" answer, in the wording and JSON shape it sends. */
@Timeout(5)
class ContextErrorsTest {

    private static ContextErrors.Exceeded exceeded(String body) {
        Optional<ContextErrors.Exceeded> e = ContextErrors.parse(400, body);
        assertTrue(e.isPresent(), "recognised: " + body);
        return e.get();
    }

    private static void states(String body, int window, int requestTokens) {
        ContextErrors.Exceeded e = exceeded(body);
        assertEquals(OptionalInt.of(window), e.window(), body);
        assertEquals(OptionalInt.of(requestTokens), e.requestTokens(), body);
        assertTrue(e.statesBoth());
    }

    @Test
    void llamaServerStatesTheWindowAndTheRequestInFieldsAndInItsMessage() {
        states(LlamaCppContext.errorBody(4476, 4096), 4096, 4476);
        states("{\"error\":{\"code\":400,\"message\":\"request (4476 tokens) exceeds the available context size"
                + " (4096 tokens), try increasing it\",\"type\":\"exceed_context_size_error\"}}", 4096, 4476);
    }

    @Test
    void llamaServerWordsAPromptThatCannotBeSplitOtherwise() {
        states("{\"error\":{\"code\":400,\"message\":\"input (5000 tokens) is larger than the max context size"
                + " (4096 tokens). skipping\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":5000,"
                + "\"n_ctx\":4096}}", 4096, 5000);
    }

    @Test
    void olderLlamaServerBuildsStateNoNumbers() {
        ContextErrors.Exceeded e = exceeded("{\"error\":{\"code\":400,\"message\":\"the request exceeds the available"
                + " context size. try increasing the context size or enable context shift\","
                + "\"type\":\"invalid_request_error\"}}");
        assertEquals(OptionalInt.empty(), e.window());
        assertEquals(OptionalInt.empty(), e.requestTokens());
    }

    @Test
    void vllmStatesTheWindowAndTheInputTokens() {
        states("{\"error\":{\"message\":\"This model's maximum context length is 4096 tokens. However, your request"
                + " has 5000 input tokens. Please reduce the length of the input messages.\","
                + "\"type\":\"BadRequestError\",\"param\":\"input_tokens\",\"code\":400}}", 4096, 5000);
    }

    @Test
    void vllmRefusingMaxTokensStatesTheInputThatLeavesTooLittleRoom() {
        states("{\"error\":{\"message\":\"'max_tokens' or 'max_completion_tokens' is too large: 1000. This model's"
                + " maximum context length is 4096 tokens and your request has 3500 input tokens (1000 > 4096 -"
                + " 3500).\",\"type\":\"BadRequestError\",\"param\":\"max_tokens\",\"code\":400}}", 4096, 3500);
    }

    @Test
    void olderVllmReleasesSendTheErrorObjectUnwrapped() {
        states("{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens. However, you"
                + " requested 5000 tokens (4000 in the messages, 1000 in the completion). Please reduce the length of"
                + " the messages or completion.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}", 4096, 4000);
        states("{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens. However, you"
                + " requested 4200 tokens in the messages, Please reduce the length of the messages.\","
                + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}", 4096, 4200);
    }

    @Test
    void openAiStatesTheWindowAndWhatTheMessagesResultedIn() {
        states("{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens. However, your messages"
                + " resulted in 8227 tokens. Please reduce the length of the messages.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}",
                8192, 8227);
        states("{\"error\":{\"message\":\"This model's maximum context length is 4097 tokens. However, you requested"
                + " 4120 tokens (3120 in the messages, 1000 in the completion). Please reduce the length of the"
                + " messages or completion.\",\"type\":\"invalid_request_error\",\"param\":\"messages\","
                + "\"code\":\"context_length_exceeded\"}}", 4097, 3120);
    }

    @Test
    void openAisNewerWordingStatesNoNumbersButItsCodeSaysWhatItIs() {
        ContextErrors.Exceeded e = exceeded("{\"error\":{\"message\":\"Your input exceeds the context window of this"
                + " model. Please adjust your input and try again.\",\"type\":\"invalid_request_error\","
                + "\"param\":\"input\",\"code\":\"context_length_exceeded\"}}");
        assertEquals(OptionalInt.empty(), e.window());
        assertEquals(false, e.statesBoth());
    }

    @Test
    void otherRefusalsAreNotContextErrors() {
        assertEquals(Optional.empty(), ContextErrors.parse(400,
                "{\"error\":{\"message\":\"invalid 'temperature'\",\"type\":\"invalid_request_error\"}}"));
        assertEquals(Optional.empty(), ContextErrors.parse(500, LlamaCppContext.errorBody(5000, 4096)),
                "only a 400 is the request's fault");
        assertEquals(Optional.empty(), ContextErrors.parse(400, "context length exceeded, but not JSON"));
        assertEquals(Optional.empty(), ContextErrors.parse(400, "[]"));
    }
}
