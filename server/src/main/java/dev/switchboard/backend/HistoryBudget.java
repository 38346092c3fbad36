package dev.switchboard.backend;

import dev.switchboard.generation.Turn;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * How much of a session's history goes upstream with a prompt: the newest whole user/assistant
 * pairs within at most {@code turns} turns and {@code tokens} tokens (estimated at
 * {@code charsPerToken}), and {@code chars} characters when that is not 0.
 *
 * <p>A pair whose assistant text is blank (a reply that failed or was cancelled before its first
 * token) is never sent and costs nothing: the model would learn nothing from it, and if its prompt is
 * what failed (too long for the model's context, say) sending it again would fail every later prompt
 * of the session the same way. The session's history keeps it, so people still see what was asked. A
 * pair with partial text is sent.
 *
 * @param turns the most turns (a pair is two)
 * @param tokens the most tokens, estimated
 * @param chars the most characters, or 0 for no such cap
 * @param charsPerToken what the estimate divides by ({@link TokenRatio})
 */
record HistoryBudget(int turns, int tokens, int chars, double charsPerToken) {

    /** The turns of {@code history} to send, oldest first. */
    List<Turn> pick(List<Turn> history) {
        Deque<Turn> kept = new ArrayDeque<>();
        long used = 0;
        int i = history.size();
        while (i >= 2) {
            Turn user = history.get(i - 2);
            Turn assistant = history.get(i - 1);
            if (!"user".equals(user.role()) || !"assistant".equals(assistant.role())) {
                i -= 1; // not a pair (the bounded history dropped its other half): skip the stray turn
                continue;
            }
            if (assistant.text().isBlank()) {
                i -= 2;
                continue;
            }
            long size = used + user.text().length() + assistant.text().length();
            if (kept.size() + 2 > turns || Math.ceil(size / charsPerToken) > tokens || (chars > 0 && size > chars)) {
                break;
            }
            kept.addFirst(assistant);
            kept.addFirst(user);
            used = size;
            i -= 2;
        }
        return List.copyOf(kept);
    }
}
