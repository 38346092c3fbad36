package dev.switchboard.generation;

/**
 * One turn of a conversation: a user prompt or an assistant reply.
 *
 * @param role {@code user} or {@code assistant}
 * @param text what was said (a reply past the session's history bound is kept cut to it)
 * @param gen the generation the turn belongs to: a user turn and its assistant turn share it (null
 *     for a turn made outside a session, as in a generator's own tests)
 * @param n the turn's index in the session's whole history, from 0, never reused after older turns
 *     are dropped (-1 outside a session)
 * @param at when the turn was made, in epoch milliseconds (0 outside a session)
 */
public record Turn(String role, String text, String gen, long n, long at) {

    /** A user turn outside any session (tests, generators' own history). */
    public static Turn user(String text) {
        return new Turn("user", text, null, -1, 0);
    }

    /** An assistant turn outside any session (tests, generators' own history). */
    public static Turn assistant(String text) {
        return new Turn("assistant", text, null, -1, 0);
    }
}
