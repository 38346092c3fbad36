package dev.switchboard.loadtest.attack;

/**
 * One attacker: its place in the {@link AbuseSchedule} and the turn it is in.
 *
 * <p>Concurrency: confined to the attackers' event loop.
 */
final class Attacker {

    private final int index;
    private final int of;
    private final AttackContext context;
    private Turn current;

    Attacker(int index, int of, AttackContext context) {
        this.index = index;
        this.of = of;
        this.context = context;
    }

    /** Ends the turn it was in, if any, and begins turn {@code turn} of the schedule. */
    void play(int turn) {
        end();
        AbuseKind kind = AbuseSchedule.abuseAt(index, of, turn);
        current = new Turn(context, kind);
        context.counters(kind).count("turns");
        kind.create().begin(current);
    }

    /** Ends its turn. */
    void end() {
        if (current != null) {
            current.end();
            current = null;
        }
    }
}
