package dev.switchboard.loadtest.attack;

import java.util.function.Supplier;

/** The catalogue of abuses, in the order each attacker cycles through them (see {@link AbuseSchedule}). */
enum AbuseKind {
    /** Prompts of two-million-token replies at full speed, read as fast as they come. */
    BURST("burst", BurstAbuse::new),
    /** Hellos as fast as the socket takes them: new sessions, and unknown session ids. */
    HELLO_FLOOD("helloFlood", HelloFloodAbuse::new),
    /** 32,000-character prompts repeated 122 times, and fresh hellos to that session for its history. */
    HUGE_HISTORY("hugeHistory", HugeHistoryAbuse::new),
    /** Raw sockets that start a big frame and never finish it. */
    UNFINISHED_FRAMES("unfinishedFrames", UnfinishedFramesAbuse::new),
    /** One session streaming a burst to ten connections that do not read. */
    SLOW_READERS("slowReaders", SlowReadersAbuse::new),
    /** Prompts past the session queue, cancels and unknown cancels, as fast as the socket takes them. */
    CANCEL_FLOOD("cancelFlood", CancelFloodAbuse::new);

    private final String label;
    private final Supplier<Abuse> create;

    AbuseKind(String label, Supplier<Abuse> create) {
        this.label = label;
        this.create = create;
    }

    /** The name in the result and report. */
    String label() {
        return label;
    }

    /** A fresh abuse for one turn. */
    Abuse create() {
        return create.get();
    }
}
