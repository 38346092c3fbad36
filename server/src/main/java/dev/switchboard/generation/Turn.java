package dev.switchboard.generation;

/**
 * One turn of a conversation: a user prompt or an assistant reply.
 *
 * @param role {@code user} or {@code assistant}
 * @param text what was said
 */
public record Turn(String role, String text) {

    public static Turn user(String text) {
        return new Turn("user", text);
    }

    public static Turn assistant(String text) {
        return new Turn("assistant", text);
    }
}
