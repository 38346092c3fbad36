package dev.switchboard.examples;

import com.google.gson.JsonObject;
import dev.switchboard.Switchboard;
import dev.switchboard.generation.BlockingGenerator;
import dev.switchboard.generation.Outcome;
import dev.switchboard.generation.Prompt;
import dev.switchboard.generation.TokenSink;
import java.util.Iterator;
import java.util.List;

/**
 * An in-process model written as a blocking loop, the shape of most local inference libraries: ask
 * the library for a token iterator and hand each token to the sink. It keeps a per-session counter
 * in the session state, committed only when the reply finishes.
 *
 * <p>Run it with {@code main}; connect to {@code ws://localhost:8080/ws}.
 */
public final class BlockingModelExample implements BlockingGenerator {

    /** Stands in for a local library's streaming API (a TextIteratorStreamer-like iterator). */
    static Iterator<String> fakeLibraryStream(String prompt) {
        return List.of("You ", "said: ", prompt).iterator();
    }

    @Override
    public Outcome generate(Prompt prompt, TokenSink sink) throws InterruptedException {
        Iterator<String> tokens = fakeLibraryStream(prompt.text());
        while (tokens.hasNext()) {
            if (Thread.interrupted()) { // cancel and timeouts interrupt this thread
                throw new InterruptedException();
            }
            sink.token(tokens.next()); // throws once the reply has ended, so the loop stops anyway
        }
        JsonObject state = prompt.state();
        int turns = state.has("turns") ? state.get("turns").getAsInt() : 0;
        JsonObject update = new JsonObject();
        update.addProperty("turns", turns + 1);
        return Outcome.withState(update);
    }

    public static void main(String[] args) {
        Switchboard.create(cfg -> cfg.port(8080).generator(new BlockingModelExample())).start();
    }
}
