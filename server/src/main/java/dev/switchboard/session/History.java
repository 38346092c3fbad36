package dev.switchboard.session;

import dev.switchboard.generation.Turn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A session's conversation, bounded: at most {@code maxTurns} turns and {@code maxChars} characters
 * of text; past either bound the oldest turns are dropped, a user turn and its reply together. Each
 * turn is numbered ({@code n}) from 0 in the order it was made, and the numbers go on after older
 * turns are dropped, so a client can page back through what is still held.
 *
 * <p>Before it was bounded, a session's history only grew: one client adding 4 MB replies five times
 * a second grew the heap by 20 MB a second, and every welcome and prompt copied all of it.
 *
 * <p>Concurrency: not thread-safe; the owning session's lock guards every call.
 */
final class History {

    private final int maxTurns;
    private final long maxChars;
    private final ArrayDeque<Turn> turns = new ArrayDeque<>();
    private long chars;
    private long nextN;

    History(int maxTurns, long maxChars) {
        this.maxTurns = Math.max(2, maxTurns);
        this.maxChars = maxChars;
    }

    /**
     * Adds a prompt and its reply (whatever the reply's reason), then drops the oldest pairs beyond
     * the bounds. A reply longer than the whole character bound is kept cut to what fits beside its
     * prompt.
     */
    void add(String gen, String prompt, long promptAt, String reply, long replyAt) {
        long room = Math.max(0, maxChars - prompt.length());
        String kept = reply.length() > room ? reply.substring(0, (int) room) : reply;
        turns.addLast(new Turn("user", prompt, gen, nextN++, promptAt));
        turns.addLast(new Turn("assistant", kept, gen, nextN++, replyAt));
        chars += prompt.length() + kept.length();
        while (turns.size() > 2 && (turns.size() > maxTurns || chars > maxChars)) {
            dropOldest();
        }
    }

    /** Every held turn, oldest first: what a generator sees. */
    List<Turn> all() {
        return List.copyOf(turns);
    }

    /** The most recent {@code limit} turns, oldest first. */
    List<Turn> recent(int limit) {
        List<Turn> out = new ArrayList<>(Math.min(limit, turns.size()));
        Iterator<Turn> newestFirst = turns.descendingIterator();
        while (out.size() < limit && newestFirst.hasNext()) {
            out.add(newestFirst.next());
        }
        return out.reversed();
    }

    /**
     * A page of history: the most recent {@code limit} held turns numbered below {@code before},
     * oldest first, and whether older ones are still held.
     */
    Page page(long before, int limit) {
        List<Turn> out = new ArrayList<>(Math.min(limit, turns.size()));
        Iterator<Turn> newestFirst = turns.descendingIterator();
        boolean more = false;
        while (newestFirst.hasNext()) {
            Turn t = newestFirst.next();
            if (t.n() >= before) {
                continue;
            }
            if (out.size() == limit) {
                more = true;
                break;
            }
            out.add(t);
        }
        return new Page(out.reversed(), more);
    }

    /** A page of turns, oldest first, and whether older turns are still held. */
    record Page(List<Turn> turns, boolean more) {
    }

    private void dropOldest() {
        for (int i = 0; i < 2 && !turns.isEmpty(); i++) { // a prompt and its reply go together
            chars -= turns.pollFirst().text().length();
        }
    }
}
