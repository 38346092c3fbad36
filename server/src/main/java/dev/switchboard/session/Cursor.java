package dev.switchboard.session;

import java.util.Set;

/**
 * Where a subscriber that fell behind stands in its session's held events: the next event it has
 * not had. For a connection that attached with a fresh view (no {@code after}), the events up to the
 * moment it attached are wanted only for the replies that were queued or running then; the rest of
 * that stretch is in the history its welcome carried. Immutable.
 *
 * <p>A fresh view may start below the log's held range, because what it wants there, the waiting
 * replies' {@code queued} events, the log keeps aside; it is read in the same critical section that
 * made it, and once moved it is an ordinary cursor into the range.
 */
public final class Cursor {

    final EventLog.Position position;
    private final long freshUntil;
    private final Set<String> freshGens; // null: every event is wanted
    private final boolean unreadFreshView;

    private Cursor(EventLog.Position position, long freshUntil, Set<String> freshGens, boolean unreadFreshView) {
        this.position = position;
        this.freshUntil = freshUntil;
        this.freshGens = freshGens;
        this.unreadFreshView = unreadFreshView;
    }

    /** Every held event from {@code seq} on. */
    public static Cursor at(long seq) {
        return new Cursor(EventLog.Position.at(seq), 0, null, false);
    }

    /** From {@code seq} on, and up to {@code until} only the events of {@code gens}. */
    static Cursor freshView(long seq, long until, Set<String> gens) {
        return new Cursor(EventLog.Position.at(seq), until, Set.copyOf(gens), true);
    }

    /** The seq of the next event wanted. */
    public long seq() {
        return position.seq();
    }

    Cursor movedTo(EventLog.Position next) {
        return new Cursor(next, freshUntil, next.seq() > freshUntil ? null : freshGens, false);
    }

    /** A fresh view not yet read from: it may start below the log's held range. */
    boolean isUnreadFreshView() {
        return unreadFreshView;
    }

    boolean skips(long seq, String gen) {
        return freshGens != null && seq <= freshUntil && !freshGens.contains(gen);
    }

    @Override
    public String toString() {
        return "Cursor[" + seq() + (freshGens == null ? "" : ", fresh until " + freshUntil + " " + freshGens) + "]";
    }
}
