package dev.switchboard.generation;

import com.google.gson.JsonObject;

/**
 * How a generator finished. A state update is merged into the session state (top-level keys
 * replace, a JSON null removes the key) only when the reply ends with reason {@code stop}.
 *
 * @param stateUpdate the update, or null for none
 * @param details facts about the reply for the client (a backend's finish reason, token usage), sent
 *     as {@code done.details}; null for none
 */
public record Outcome(JsonObject stateUpdate, JsonObject details) {

    private static final Outcome STOP = new Outcome(null, null);

    /** Finished, with no state update. */
    public static Outcome stop() {
        return STOP;
    }

    /** Finished, with a state update to commit. */
    public static Outcome withState(JsonObject stateUpdate) {
        return new Outcome(stateUpdate.deepCopy(), null);
    }

    /** This outcome with {@code details} for the client. */
    public Outcome withDetails(JsonObject details) {
        return new Outcome(stateUpdate, details == null ? null : details.deepCopy());
    }
}
