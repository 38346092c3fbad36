package dev.switchboard.generation;

import com.google.gson.JsonObject;

/**
 * How a generator finished. A state update is merged into the session state (top-level keys
 * replace, a JSON null removes the key) only when the reply ends with reason {@code stop}.
 *
 * @param stateUpdate the update, or null for none
 */
public record Outcome(JsonObject stateUpdate) {

    private static final Outcome STOP = new Outcome(null);

    /** Finished, with no state update. */
    public static Outcome stop() {
        return STOP;
    }

    /** Finished, with a state update to commit. */
    public static Outcome withState(JsonObject stateUpdate) {
        return new Outcome(stateUpdate.deepCopy());
    }
}
