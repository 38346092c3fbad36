package dev.switchboard.transport;

import com.google.gson.JsonObject;

/** A decoded client frame (PROTOCOL.md, "Client to server"), or why it could not be decoded. */
sealed interface ClientMessage {

    /** Attach to a session, or create one. */
    record Hello(String session, Long after, String token) implements ClientMessage {
    }

    /** Ask for a reply; {@code params} is never null. */
    record Prompt(String id, String text, JsonObject params) implements ClientMessage {
    }

    /** Stop a generation; {@code gen} null means the session's head one. */
    record Cancel(String gen) implements ClientMessage {
    }

    /** A page of history: the held turns numbered below {@code before}, at most {@code limit}. */
    record History(long before, int limit) implements ClientMessage {
    }

    /** Liveness. */
    record Ping() implements ClientMessage {
    }

    /** Not a valid frame: answered with {@code bad_request}; {@code id} is the prompt id when known. */
    record Invalid(String message, String id) implements ClientMessage {
    }
}
