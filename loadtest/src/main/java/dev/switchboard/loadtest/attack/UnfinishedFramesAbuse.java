package dev.switchboard.loadtest.attack;

/**
 * Unfinished big frames: a few raw sockets per turn (a hand-made handshake over plain TCP), each says
 * hello, then starts a frame it never finishes and holds the socket open, reading, until the server
 * closes it. Three declare a 4 MiB text frame (over the protocol's 64 KiB limit) and send 256 KiB of
 * it; two declare a 60,000-byte frame (under the limit) and send half. See
 * {@link UnfinishedFrameSocket} for what each counts.
 *
 * <p>The sockets outlive the attacker's five-second turn: a turn is too short to tell a server that
 * times such a socket out after ten seconds from one that never does, so each is held for
 * {@link UnfinishedFrameSocket#HOLD_MS} (or until the attack ends), and what was still open at five
 * seconds is counted apart.
 *
 * <p>Concurrency: on the attackers' event loop only.
 */
final class UnfinishedFramesAbuse implements Abuse {

    /** The two kinds of unfinished frame. */
    enum Variant {
        /** Declares 4 MiB, sends 256 KiB of it. */
        BIG("frame4MiB", 4L << 20, 256 << 10),
        /** Declares 60,000 bytes, sends 30,000 of them. */
        HALF("frame60000", 60_000, 30_000);

        final String label;
        final long declared;
        final int sent;

        Variant(String label, long declared, int sent) {
            this.label = label;
            this.declared = declared;
            this.sent = sent;
        }
    }

    /** Sockets per turn, by variant. */
    static final Variant[] SOCKETS = {Variant.BIG, Variant.BIG, Variant.BIG, Variant.HALF, Variant.HALF};

    @Override
    public void begin(Turn turn) {
        for (Variant v : SOCKETS) {
            UnfinishedFrameSocket socket = new UnfinishedFrameSocket(turn.context(), turn.counters(), v);
            turn.context().connectRaw(socket).addListener(socket.onConnect());
        }
    }
}
