package dev.switchboard.loadtest;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prompt texts sent on one session, by any of its users. A frame that carries a prompt text not
 * in the book came from another session: cross-talk.
 *
 * <p>Concurrency: a concurrent set; a text is added before its prompt is sent, so every user of the
 * session finds it by the time the server echoes it back.
 */
final class PromptBook {

    private final Set<String> texts = ConcurrentHashMap.newKeySet();

    void add(String text) {
        texts.add(text);
    }

    boolean contains(String text) {
        return texts.contains(text);
    }
}
