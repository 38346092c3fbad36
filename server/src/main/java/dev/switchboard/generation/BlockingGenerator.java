package dev.switchboard.generation;

/**
 * A generator written as a plain loop. It runs on the generation's own virtual thread, so it may
 * block (sleep, read a socket, wait on a native library) without stalling anyone else.
 *
 * <p>Cancel and timeouts interrupt the thread; after that, {@link TokenSink#token} throws
 * {@link GenerationCancelledException}, so even a loop that ignores interrupts stops at its next token.
 */
@FunctionalInterface
public non-sealed interface BlockingGenerator extends Generator {

    /**
     * Generates the reply to {@code prompt}, calling {@code sink} once per token.
     *
     * @return how it ended, with an optional state update
     * @throws Exception any failure; the reply ends with reason {@code error} and the message
     */
    Outcome generate(Prompt prompt, TokenSink sink) throws Exception;
}
