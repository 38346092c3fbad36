package dev.switchboard.generation;

/** Thrown by {@link TokenSink#token} once the generation has ended, so the generator stops. */
public final class GenerationCancelledException extends RuntimeException {

    public GenerationCancelledException() {
        super("the generation has ended", null, false, false);
    }
}
