package dev.switchboard.generation;

/** Where a generator puts its tokens. Thread-safe; tokens keep the order of the calls. */
@FunctionalInterface
public interface TokenSink {

    /**
     * Streams one token to every connection attached to the session. An empty token is ignored.
     *
     * @throws GenerationCancelledException when the generation has already ended (cancelled, timed
     *     out, shut down): stop generating
     */
    void token(String text);
}
