package dev.switchboard.session;

import com.google.gson.JsonObject;
import dev.switchboard.generation.Admission;
import dev.switchboard.generation.GenerationCancelledException;
import dev.switchboard.generation.Outcome;
import dev.switchboard.generation.Prompt;
import dev.switchboard.generation.Reason;
import dev.switchboard.generation.Turn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conversation: its history and state, its event stream and resume log, its attached
 * connections, and its prompts (one running, a FIFO behind it).
 *
 * <h2>Concurrency</h2>
 * The session's own monitor ({@code synchronized (this)}, "the lock" below) guards every mutable
 * field. It is the one place that orders a session's events: an
 * event's seq is assigned, the event logged and handed to every subscriber in one critical section,
 * so all connections see the same events in the same order and resume has no hole. Subscribers only
 * queue under the lock. Lock order: registry (Caffeine compute) &gt; session &gt; scheduler &gt;
 * outbox. Calls that may reach another session (scheduler notifications, releasing a slot) and the
 * idle hook run after the lock is released; when the caller itself holds the lock (a delivery whose
 * write failed and closed its connection), the idle hook runs on a thread of its own. A monitor rather than a {@code ReentrantLock}: taking it
 * touches the session's own header, where a lock object and its queue object were two more cache
 * misses per token with thousands of sessions. Nothing blocks while holding it, and since JDK 24 a
 * virtual thread waiting for a monitor no longer pins its carrier.
 *
 * <h2>Queueing</h2>
 * The session hands the scheduler only the head of its {@link ReplyQueue}; the rest wait behind it.
 * When the head ends, the next one is promoted and admitted even past the global
 * queue's limit, because it was already accepted.
 */
public final class Session implements Backlog {

    /** Why {@link #submit} did not take a prompt. */
    public enum Submit { ACCEPTED, BUSY, OVERLOADED, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final String id;
    private final String label;
    private final String owner;
    private final SessionContext ctx;

    private long lastSeq; // guarded by lock
    private final EventLog log; // guarded by lock
    private final History history; // guarded by lock
    private final SessionState state = new SessionState(); // guarded by lock
    private final List<Subscriber> subscribers = new ArrayList<>(2); // guarded by lock
    private final ReplyQueue replies = new ReplyQueue(); // guarded by lock
    private boolean closed; // guarded by lock
    private volatile boolean conversation; // written under the lock, once: it got a prompt
    private List<Subscriber> failed; // guarded by lock: subscribers whose delivery threw, to drop

    Session(String id, String label, String owner, SessionContext ctx) {
        this.id = id;
        this.label = label;
        this.owner = owner;
        this.ctx = ctx;
        this.log = new EventLog(ctx.config().eventLogSize(), ctx.config().eventLogMaxBytes());
        this.history = new History(ctx.config().historyMaxTurns(), ctx.config().historyMaxChars());
    }

    /** The session id: the secret that lets a connection attach. Never log it; log {@link #label()}. */
    public String id() {
        return id;
    }

    /**
     * True when {@code subject} may attach: anonymous sessions (made with auth off) admit anyone who
     * knows the id; a subject's session admits only that subject.
     */
    public boolean admits(String subject) {
        return owner == null || owner.equals(subject);
    }

    /** A name for logs that gives nothing away ({@code s17}). */
    public String label() {
        return label;
    }

    /**
     * Subscribes {@code subscriber} and sends it {@code welcome} and the first {@value #REPLAY_BUDGET}
     * bytes of the events it missed, in one critical section; if more are missed, it reads them as it
     * has room ({@link #catchUp}), and live events follow with no duplicate and no hole.
     *
     * @param after the last seq the client saw, or null for a fresh view (history plus the events
     *     of the queued and running replies)
     * @param created whether the session was made for this hello
     * @return false (nothing sent, not subscribed) when the session already has as many connections
     *     as it may
     */
    public boolean attach(Subscriber subscriber, Long after, boolean created) {
        synchronized (this) {
            if (subscribers.size() >= ctx.config().maxConnectionsPerSession()) {
                return false;
            }
            boolean resumable = after != null && after <= lastSeq && after >= log.firstSeq(lastSeq + 1) - 1;
            boolean gap = after != null && !resumable;
            Reply head = replies.head();
            String generating = head != null && head.phase == Reply.Phase.RUNNING ? head.gen.id() : null;
            List<Turn> recent = resumable ? null : history.recent(ctx.config().welcomeHistoryTurns());
            String welcome = EventJson.welcome(id, created, lastSeq, recent, generating, gap);
            subscribers.add(subscriber);
            try {
                subscriber.subscribed(this);
                subscriber.frame(welcome);
                catchUpLocked(subscriber, resumable ? Cursor.at(after + 1) : freshViewLocked(), REPLAY_BUDGET,
                        EventLog.Tokens.ONE_BY_ONE);
            } catch (RuntimeException e) {
                failedLocked(subscriber, e);
            }
            dropFailedLocked();
            if (after != null) {
                ctx.observer().resumed(gap);
            }
            return true;
        }
    }

    /**
     * A page of this session's history for one connection: the held turns numbered below
     * {@code before}, at most {@code limit}, as a {@code history} frame.
     */
    public String historyPage(long before, int limit) {
        synchronized (this) {
            History.Page page = history.page(before, limit);
            return EventJson.historyPage(page.turns(), page.more());
        }
    }

    /** True when another connection may attach now (see {@link #attach}, which checks again). */
    public boolean hasRoom() {
        synchronized (this) {
            return subscribers.size() < ctx.config().maxConnectionsPerSession();
        }
    }

    @Override
    public void catchUp(Subscriber subscriber, Cursor from, int budget) {
        synchronized (this) {
            if (subscribers.contains(subscriber)) {
                catchUpLocked(subscriber, from, budget, EventLog.Tokens.MERGED);
            }
        }
    }

    /** Stops sending events to {@code subscriber}; replies keep running. */
    public void detach(Subscriber subscriber) {
        synchronized (this) {
            if (subscribers.remove(subscriber)) {
                subscriber.unsubscribed();
            }
        }
        idle();
    }

    /**
     * Accepts a prompt: it is announced with {@code queued} to every connection and runs when its turn
     * comes. Its params must already have been checked.
     */
    public Submit submit(String promptId, String text, JsonObject params) {
        Submit result = submitLocked(promptId, text, params);
        if (result == Submit.ACCEPTED) {
            // the session has work now: re-compute its expiry, which a detach racing this prompt (a
            // close on another thread) may have just started
            idle();
        }
        return result;
    }

    private Submit submitLocked(String promptId, String text, JsonObject params) {
        synchronized (this) {
            if (closed) {
                return Submit.CLOSED;
            }
            if (replies.isFull(ctx.config().queueSize())) {
                return Submit.BUSY;
            }
            if (!conversation) {
                if (!ctx.takeConversationSlot().getAsBoolean()) {
                    return Submit.OVERLOADED; // the server holds as many conversations as it may
                }
                conversation = true;
            }
            Reply reply = new Reply(this, ctx.nextGenerationId(), promptId, text, params);
            if (replies.head() == null) {
                Admission admission = ctx.scheduler().admit(reply.gen, false);
                if (admission == Admission.REJECTED) {
                    return Submit.OVERLOADED;
                }
                replies.add(reply);
                admitLocked(reply, admission, false);
            } else {
                replies.add(reply);
                announceQueuedLocked(reply, replies.position(reply));
            }
            return Submit.ACCEPTED;
        }
    }

    /**
     * Cancels a reply of this session: the one named, or the head one when {@code genId} is null.
     *
     * @return false when the session has no such live reply
     */
    public boolean cancel(String genId) {
        Reply target;
        synchronized (this) {
            target = genId == null ? replies.head() : replies.get(genId);
        }
        if (target == null) {
            return false;
        }
        end(target, Reason.CANCELLED, null, null);
        target.gen.abort();
        return true;
    }

    /** Ends every reply with {@code shutdown} and takes no more prompts. */
    public void close() {
        List<Reply> all;
        synchronized (this) {
            closed = true;
            all = replies.all();
        }
        for (Reply r : all) {
            end(r, Reason.SHUTDOWN, null, "the server is shutting down");
            r.gen.abort();
        }
    }

    /**
     * True once the session has accepted a prompt: a conversation, counted against the server's
     * limit and kept for the whole session TTL (an empty session expires sooner).
     */
    public boolean isConversation() {
        return conversation;
    }

    /** True while a connection is attached or a reply is queued or running: it must not expire. */
    public boolean isPinned() {
        synchronized (this) {
            return !subscribers.isEmpty() || !replies.isEmpty();
        }
    }

    // ---- called through Reply (GenerationHost); each takes the lock itself ----

    void token(Reply r, String text) {
        boolean tooLong;
        synchronized (this) {
            if (r.phase != Reply.Phase.RUNNING) {
                throw new GenerationCancelledException();
            }
            if (text == null || text.isEmpty()) {
                return;
            }
            tooLong = r.tokens + 1 >= ctx.config().maxReplyTokens();
            long now = System.nanoTime();
            if (r.tokens == 0) {
                ctx.observer().firstToken(now - r.startNanos);
            } else {
                ctx.observer().tokenGap(now - r.lastTokenNanos);
            }
            r.lastTokenNanos = now;
            r.reply.append(text);
            r.tokens++;
            long seq = ++lastSeq;
            SessionEvent token = new SessionEvent(seq, SessionEvent.Kind.TOKEN, r.gen.id(), text,
                    EventJson.token(seq, r.gen.id(), text));
            log.append(token, r.startSeq); // only the head runs: see logLocked
            deliverLocked(token);
        }
        if (tooLong) {
            // the log keeps every event of a running reply: this bounds what one reply holds there
            end(r, Reason.ERROR, null, "the reply reached the server's limit of " + ctx.config().maxReplyTokens()
                    + " tokens");
            r.gen.abort();
        }
    }

    void end(Reply r, Reason reason, Outcome outcome, String error) {
        boolean slotLost = false;
        synchronized (this) {
            if (r.phase == Reply.Phase.DONE) {
                return;
            }
            Reply.Phase was = r.phase;
            if (!r.started) {
                publishStartLocked(r);
            }
            r.phase = Reply.Phase.DONE;
            boolean wasHead = r == replies.head();
            replies.remove(r);
            JsonObject committed = null;
            if (reason == Reason.STOP && outcome != null && outcome.stateUpdate() != null) {
                committed = state.commit(outcome.stateUpdate());
            }
            long seq = ++lastSeq;
            String replyText = r.reply.toString();
            publishLocked(new SessionEvent(seq, SessionEvent.Kind.DONE, r.gen.id(), null,
                    EventJson.done(seq, r.gen.id(), r.promptId, replyText, reason.wire(), r.tokens, error,
                            committed, outcome == null ? null : outcome.details())));
            history.add(r.gen.id(), r.text, r.acceptedAt, replyText, System.currentTimeMillis());
            long nanos = was == Reply.Phase.RUNNING ? System.nanoTime() - r.startNanos : 0;
            ctx.observer().generationEnded(reason, nanos);
            if (LOG.isDebugEnabled()) {
                LOG.debug("generation {} of {} ended {}: {} tokens in {} ms{}", r.gen.id(), label, reason.wire(),
                        r.tokens, nanos / 1_000_000, error == null ? "" : " (" + error + ")");
            }
            if (wasHead) {
                if (was == Reply.Phase.GLOBALLY_QUEUED) {
                    // admitted meanwhile when not in the queue any more: admitted() hands the slot back
                    slotLost = !ctx.scheduler().remove(r.gen);
                }
                Reply next = closed ? null : replies.head(); // a closing session starts nothing more
                if (next != null) {
                    admitLocked(next, ctx.scheduler().admit(next.gen, true), true);
                }
            }
            positionsMovedLocked();
        }
        if (!slotLost) {
            idle();
        }
    }

    void admitted(Reply r) {
        boolean giveBack;
        synchronized (this) {
            giveBack = r.phase != Reply.Phase.GLOBALLY_QUEUED;
            if (!giveBack) {
                startLocked(r);
                positionsMovedLocked();
            }
        }
        if (giveBack) {
            ctx.scheduler().release();
            idle();
        }
    }

    void refreshPositions() {
        synchronized (this) {
            refreshPositionsLocked();
        }
    }

    void released() {
        idle();
    }

    /**
     * Tells the registry the session may have become idle, so that it renews its expiry: a registry
     * compute, which must never run under this session's lock (the lock order is registry entry &gt;
     * session). A caller may hold it without knowing: a write that fails inside a delivery closes its
     * connection, which detaches from here on the same thread. Then the renewal goes to a thread of
     * its own.
     */
    private void idle() {
        if (Thread.holdsLock(this)) {
            Thread.ofVirtual().name("switchboard-idle").start(() -> ctx.idle().accept(this));
        } else {
            ctx.idle().accept(this);
        }
    }

    // ---- everything below runs with the lock held ----

    /** The first held events a connection sends the welcome of a fresh view, and more as it has room. */
    static final int REPLAY_BUDGET = 64 * 1024;

    /**
     * Where a fresh view (a hello without {@code after}) begins: at the first event of the oldest reply
     * still queued or running; of what was said before it attached, only those replies' events (the
     * rest is in its welcome's history).
     */
    private Cursor freshViewLocked() {
        Reply head = replies.head();
        if (head == null) {
            return Cursor.at(lastSeq + 1);
        }
        Set<String> live = new HashSet<>();
        for (Reply r : replies.all()) {
            live.add(r.gen.id());
        }
        return Cursor.freshView(head.firstSeq, lastSeq, live);
    }

    /**
     * One chunk of held events to {@code s}, then where it stands. The chunk a welcome is followed by
     * replays each event as it went out; a later one (the connection is reading a backlog it could not
     * take at once) merges consecutive tokens, as backpressure may.
     */
    private void catchUpLocked(Subscriber s, Cursor from, int budget, EventLog.Tokens tokens) {
        if (from.seq() < log.firstSeq(lastSeq + 1) && !from.isUnreadFreshView()) {
            s.lost();
            return;
        }
        EventLog.Position next = log.read(from.position, budget, tokens, from::skips, s::replayed);
        if (next.seq() > lastSeq) {
            s.caughtUp();
        } else {
            s.behind(from.movedTo(next));
        }
    }

    /**
     * Starts the head or marks it as waiting for a global slot. A promoted head announced its
     * {@code queued} when it was accepted; a refresh tells of its new position.
     */
    private void admitLocked(Reply reply, Admission admission, boolean promoted) {
        if (admission == Admission.RUN) {
            if (promoted) {
                startLocked(reply);
            } else { // queued and start together: one write to each connection
                SessionEvent queued = queuedEventLocked(reply, 1);
                SessionEvent start = startEventLocked(reply);
                for (int i = 0; i < subscribers.size(); i++) {
                    Subscriber s = subscribers.get(i);
                    try {
                        s.events(queued, start);
                    } catch (RuntimeException e) {
                        failedLocked(s, e);
                    }
                }
                dropFailedLocked();
                runLocked(reply);
            }
        } else {
            reply.phase = Reply.Phase.GLOBALLY_QUEUED;
            if (!promoted) {
                announceQueuedLocked(reply, replies.position(reply));
            }
        }
    }

    private void startLocked(Reply r) {
        publishStartLocked(r);
        runLocked(r);
    }

    /** Hands the reply to the runner; its start is already published. */
    private void runLocked(Reply r) {
        r.phase = Reply.Phase.RUNNING;
        r.startNanos = System.nanoTime();
        Prompt prompt = new Prompt(r.text, r.params, history.all(), state.copy());
        ctx.runner().launch(r.gen, prompt);
    }

    private void publishStartLocked(Reply r) {
        deliverLocked(startEventLocked(r));
    }

    /** The first {@code queued} of a reply, with its text, to everyone and into the log. */
    private void announceQueuedLocked(Reply r, int position) {
        deliverLocked(queuedEventLocked(r, position));
    }

    /**
     * A position update: a new {@code queued}, with the text in the log (which keeps only this newest
     * one of the reply's), without it live (every connection has had it).
     */
    private void republishQueuedLocked(Reply r, int position) {
        SessionEvent logged = queuedEventLocked(r, position);
        deliverLocked(new SessionEvent(logged.seq(), SessionEvent.Kind.QUEUED, logged.gen(), null,
                EventJson.queuedUpdate(logged.seq(), r.gen.id(), r.promptId, position)));
    }

    /** Makes and logs the reply's start event; the caller delivers it. */
    private SessionEvent startEventLocked(Reply r) {
        r.started = true;
        long seq = ++lastSeq;
        r.startSeq = seq;
        return logLocked(new SessionEvent(seq, SessionEvent.Kind.START, r.gen.id(), null,
                EventJson.start(seq, r.gen.id(), r.promptId)));
    }

    /** Makes and logs a queued event with the reply's position; the caller delivers it. */
    private SessionEvent queuedEventLocked(Reply r, int position) {
        r.publishedPosition = position;
        long seq = ++lastSeq;
        if (r.firstSeq == 0) {
            r.firstSeq = seq; // a reply's first event is always its queued
        }
        return logLocked(new SessionEvent(seq, SessionEvent.Kind.QUEUED, r.gen.id(), null,
                EventJson.queued(seq, r.gen.id(), r.promptId, r.text, position)));
    }

    /**
     * Positions in this session's queue may have moved: the scheduler has them re-published within
     * 500 ms ({@link #refreshPositions}), at most once per period however often they move.
     */
    private void positionsMovedLocked() {
        for (Reply r : replies.all()) {
            if (!r.started) {
                ctx.scheduler().refreshSoon(r.gen);
                return;
            }
        }
    }

    /** Sends a new {@code queued} for every reply not yet started whose position has changed. */
    private void refreshPositionsLocked() {
        for (Reply r : replies.all()) {
            if (!r.started && r.phase != Reply.Phase.DONE) {
                int position = replies.position(r);
                if (position != r.publishedPosition) {
                    republishQueuedLocked(r, position);
                }
            }
        }
    }

    private void publishLocked(SessionEvent event) {
        deliverLocked(logLocked(event));
    }

    private SessionEvent logLocked(SessionEvent event) {
        // Only the head runs (FIFO): its events from its start are what a resume must not miss; the
        // waiting replies' queued events the log keeps aside (see EventLog), so a finished reply's
        // events never stay merely because a prompt was waiting when it ran.
        Reply head = replies.head();
        log.append(event, head == null || !head.started ? Long.MAX_VALUE : head.startSeq);
        return event;
    }

    private void deliverLocked(SessionEvent event) {
        for (int i = 0; i < subscribers.size(); i++) {
            Subscriber s = subscribers.get(i);
            try {
                s.event(event);
            } catch (RuntimeException e) {
                failedLocked(s, e);
            }
        }
        dropFailedLocked();
    }

    /**
     * A delivery to {@code s} threw (a bug: subscribers only queue): {@code s} is let go of, so that
     * one broken connection neither stops the others' events nor leaves this session's state half
     * changed (the reply's end, say, with its next prompt never started).
     */
    private void failedLocked(Subscriber s, RuntimeException e) {
        LOG.error("a subscriber of {} failed and gets no more events", label, e);
        if (failed == null) {
            failed = new ArrayList<>(1);
        }
        failed.add(s);
    }

    private void dropFailedLocked() {
        if (failed != null) {
            subscribers.removeAll(failed);
            failed = null;
        }
    }
}
