package dev.switchboard.generation;

import com.google.gson.JsonObject;

/**
 * A model: turns a prompt into a stream of tokens and, at the end, an {@link Outcome}.
 *
 * <p>Implement one of the two shapes that model libraries have:
 * <ul>
 *   <li>{@link BlockingGenerator}: a loop on the generation's own thread that hands each token to a
 *       {@link TokenSink}, as a {@code TextIteratorStreamer} loop does;</li>
 *   <li>{@link AsyncGenerator}: starts the work and completes a {@link java.util.concurrent.CompletionStage}
 *       later, emitting tokens from any thread (callbacks, HTTP streams, {@link java.util.concurrent.Flow.Publisher}s).</li>
 * </ul>
 * Every generation gets its own virtual thread, so a blocking generator never stalls another user's
 * stream (an asynchronous one may waive it, see {@link AsyncGenerator#startsAtOnce}). Cancel and
 * timeouts interrupt that thread and cancel the async stage.
 */
public sealed interface Generator permits BlockingGenerator, AsyncGenerator {

    /**
     * Checks a prompt's {@code params} before the prompt is accepted. Runs on a network thread: keep it
     * quick and never block.
     *
     * @param params the prompt's params, never null (empty when the client sent none)
     * @throws InvalidParamsException naming the bad param; the client gets {@code bad_request}
     */
    default void checkParams(JsonObject params) throws InvalidParamsException {
    }

    /**
     * The most generations of this generator that may run at once (a model server's capacity). The
     * server runs at most this many, or its own limit if lower; the rest wait in its queue, with
     * positions.
     */
    default int concurrencyLimit() {
        return Integer.MAX_VALUE;
    }

    /**
     * Releases what the generator holds (connections, threads). The server calls it once when it
     * stops, after the last generation has ended; a generator given by an embedding program gets the
     * call too. Does nothing by default.
     */
    default void close() {
    }
}
