package dev.switchboard.session;

import com.google.gson.JsonObject;
import dev.switchboard.generation.Generation;
import dev.switchboard.generation.GenerationHost;
import dev.switchboard.generation.Outcome;
import dev.switchboard.generation.Reason;

/**
 * A session's view of one accepted prompt: where it is in its life and what it has said so far.
 *
 * <p>Concurrency: the mutable fields are guarded by the owning session's lock. The
 * {@link GenerationHost} methods, called by the scheduler, the runner and timers, each take it.
 */
final class Reply implements GenerationHost {

    enum Phase { WAITING, GLOBALLY_QUEUED, RUNNING, DONE }

    final Session session;
    final Generation gen;
    final String promptId;
    final String text;
    final JsonObject params;
    final long acceptedAt = System.currentTimeMillis(); // the user turn's time in the history

    Phase phase = Phase.WAITING; // guarded by session lock
    boolean started; // guarded by session lock
    final StringBuilder reply = new StringBuilder(); // guarded by session lock
    int tokens; // guarded by session lock
    int publishedPosition; // guarded by session lock
    long firstSeq; // guarded by session lock: the seq of its first event (its queued), 0 before
    long startSeq; // guarded by session lock: the seq of its start, 0 before (set with started)
    long startNanos; // guarded by session lock
    long lastTokenNanos; // guarded by session lock

    Reply(Session session, String genId, String promptId, String text, JsonObject params) {
        this.session = session;
        this.gen = new Generation(genId, this);
        this.promptId = promptId;
        this.text = text;
        this.params = params;
    }

    @Override
    public void token(String text) {
        session.token(this, text);
    }

    @Override
    public void end(Reason reason, Outcome outcome, String error) {
        session.end(this, reason, outcome, error);
    }

    @Override
    public void admitted() {
        session.admitted(this);
    }

    @Override
    public void positionChanged() {
        session.refreshPositions();
    }

    @Override
    public void released() {
        session.released();
    }
}
