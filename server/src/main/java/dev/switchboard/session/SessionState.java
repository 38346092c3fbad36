package dev.switchboard.session;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * A session's state: a JSON object that generators read and update. An update's top-level keys
 * replace the state's; a JSON null removes the key. Callers only ever get copies.
 *
 * <p>Concurrency: not thread-safe; the owning session's lock guards every call.
 */
final class SessionState {

    private final JsonObject state = new JsonObject();

    /** Merges {@code update} and returns a copy of the state after it. */
    JsonObject commit(JsonObject update) {
        for (Map.Entry<String, JsonElement> e : update.entrySet()) {
            if (e.getValue().isJsonNull()) {
                state.remove(e.getKey());
            } else {
                state.add(e.getKey(), e.getValue().deepCopy());
            }
        }
        return copy();
    }

    /** A copy for a generator or a frame. */
    JsonObject copy() {
        return state.deepCopy();
    }
}
