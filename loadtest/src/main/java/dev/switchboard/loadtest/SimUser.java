package dev.switchboard.loadtest;

import com.google.gson.JsonObject;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated chat user: a {@link WsClient} connection and a small state machine, so thousands
 * fit on two cores without a thread each. It prompts, reads the stream, measures it, and hands
 * every frame to its {@link StreamVerdict}; it reconnects and resumes with {@code after} when its
 * connection drops (or when its scenario drops it on purpose).
 *
 * <p>Concurrency: a connection's callbacks run on its event loop, one at a time, but a user's next
 * connection may be on another loop, and the run's timers (prompt retries, reconnects, the end of a
 * slow user's pause) and the end of the run call in from their own threads: all of them hold this
 * user's monitor. A monitor rather than a {@code ReentrantLock}: its lock word is in this object's
 * header, which every frame touches anyway, where a {@code ReentrantLock} is two more objects and, over
 * thousands of users, two more cache misses per frame. Callbacks from a connection that has been
 * replaced are ignored. Nothing under the monitor blocks: sends and closes are queued on the
 * connection's event loop.
 */
final class SimUser implements WsListener {

    /** A slow user stops reading after this many frames... */
    private static final int SLOW_EVERY = 20;
    /** ...for this long, every time. */
    private static final long SLOW_PAUSE_MS = 3000;
    private static final int NORMAL_CLOSURE = 1000;

    private final int index;
    private final Run run;
    private final boolean leader;
    private final boolean prompter;
    private final boolean dropper;

    private SessionGroup group; // guarded by this
    private StreamVerdict verdict; // guarded by this
    private WsConnection socket; // guarded by this
    private final boolean slow;
    private boolean paused; // guarded by this
    private boolean everConnected; // guarded by this
    private boolean finished; // guarded by this
    private String pending; // guarded by this: the prompt awaiting its done
    private String pendingGen; // guarded by this
    private long sentNanos; // guarded by this
    private long lastTokenNanos; // guarded by this
    private int tokensThisReply; // guarded by this
    private int dropAt; // guarded by this
    private int framesThisConnection; // guarded by this

    /**
     * @param leader connects first and makes the session (the others of a multiplayer group wait)
     * @param prompter sends prompts (idle users and multiplayer watchers do not)
     * @param dropper drops its connection mid-reply and resumes (resume scenario)
     * @param slow stops reading for a while in every reply (slow scenario)
     */
    SimUser(int index, Run run, SessionGroup group, boolean leader, boolean prompter, boolean dropper, boolean slow) {
        this.index = index;
        this.leader = leader;
        this.run = run;
        this.group = group;
        this.verdict = new StreamVerdict(group.book);
        this.prompter = prompter;
        this.dropper = dropper;
        this.slow = slow;
    }

    /** Connects (a watcher waits for its session to exist first). */
    void start() {
        if (leader) {
            connect();
        } else {
            group.session.thenRun(this::connect);
        }
    }

    private void connect() {
        long begin = System.nanoTime();
        run.client().connect(this, slow).whenComplete((ws, error) -> {
            if (error != null) {
                run.stats().error("connect_failed");
                retryLater();
            } else {
                synchronized (this) {
                    if (!everConnected) {
                        everConnected = true;
                        Stats.record(run.stats().connect, (System.nanoTime() - begin) / 1000);
                        run.stats().connected.increment();
                    }
                }
            }
        });
    }

    @Override
    public void onOpen(WsConnection ws) {
        synchronized (this) {
            socket = ws;
            framesThisConnection = 0;
            lastTokenNanos = 0;
            JsonObject hello = new JsonObject();
            hello.addProperty("type", "hello");
            String session = group.session.getNow(null);
            if (session != null) {
                hello.addProperty("session", session);
                hello.addProperty("after", verdict.lastSeq());
            }
            sendLocked(hello.toString());
        }
    }

    @Override
    public void onText(WsConnection ws, byte[] utf8) {
        Frame frame = Frame.parse(utf8); // outside the monitor: the bulk of the work, and it needs no state
        synchronized (this) {
            if (ws != socket) {
                return;
            }
            handleLocked(frame);
            if (slow && !paused && socket == ws && ++framesThisConnection % SLOW_EVERY == 0) {
                paused = true; // stop reading for a while: the server must cope, and others must not notice
                ws.pause();
                run.timers().schedule(this::readAgain, SLOW_PAUSE_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void readAgain() {
        synchronized (this) {
            paused = false;
            if (socket != null) {
                socket.resume();
            }
        }
    }

    private void handleLocked(Frame frame) {
        String type = frame.type();
        long now = System.nanoTime();
        switch (type) {
            case "welcome" -> {
                group.session.complete(frame.session());
                if (prompter && pending == null && !run.stopping()) {
                    promptLocked();
                }
            }
            case "error" -> {
                run.stats().error(frame.code());
                if (frame.id() != null && pending != null) {
                    run.finishedPrompt();
                    pending = null;
                    run.timers().schedule(this::promptLater, 200, TimeUnit.MILLISECONDS);
                }
            }
            case "token" -> token(frame, now);
            default -> { }
        }
        if (frame.seq() >= 0 && !"welcome".equals(type)) {
            StreamVerdict.Finished done = verdict.accept(frame);
            if ("queued".equals(type) && pending != null && pending.equals(frame.text())) {
                pendingGen = frame.gen();
            }
            if (done != null) {
                done(done, now);
            }
        }
    }

    private void token(Frame frame, long now) {
        int n = Prompts.countTokens(frame.text());
        run.stats().tokens.add(n);
        run.stats().frames.increment();
        boolean own = frame.gen().equals(pendingGen);
        if (own && tokensThisReply == 0) {
            Stats.record(run.stats().ttft, (now - sentNanos) / 1000);
        }
        if (lastTokenNanos != 0 && !slow) { // a slow user's own pauses are not the server's lateness
            long expected = (long) n * run.config().pacingMs() * 1_000_000L;
            Stats.record(run.stats().lateness, (now - lastTokenNanos - expected) / 1000);
            Stats.record(run.stats().gap, (now - lastTokenNanos) / 1000);
        }
        lastTokenNanos = now;
        if (own) {
            tokensThisReply += n;
            if (dropper && tokensThisReply >= dropAt && tokensThisReply < run.config().tokens()) {
                dropAt = Integer.MAX_VALUE; // once per reply
                dropLocked();
            }
        }
    }

    private void done(StreamVerdict.Finished done, long now) {
        run.stats().replies.increment();
        run.stats().reason(done.reason());
        lastTokenNanos = 0;
        if (pending != null && pending.equals(done.promptText())) {
            Stats.record(run.stats().duration, (now - sentNanos) / 1000);
            pending = null;
            pendingGen = null;
            run.finishedPrompt();
            if (run.stopping()) {
                closeLocked();
            } else if (run.config().scenario() == Scenario.CHURN) {
                closeLocked();
                report();
                group = new SessionGroup();
                verdict = new StreamVerdict(group.book);
                finished = false;
                run.timers().execute(this::connect);
            } else {
                promptLocked();
            }
        }
    }

    private void promptLocked() {
        if (socket == null || run.stopping()) {
            return;
        }
        pending = run.prompts().next(index);
        pendingGen = null;
        group.book.add(pending);
        sentNanos = System.nanoTime();
        tokensThisReply = 0;
        dropAt = 1 + ThreadLocalRandom.current().nextInt(Math.max(1, run.config().tokens() - 1));
        run.startedPrompt();
        JsonObject prompt = new JsonObject();
        prompt.addProperty("type", "prompt");
        prompt.addProperty("id", "p" + run.stats().prompts.sum());
        prompt.addProperty("text", pending);
        JsonObject params = new JsonObject();
        params.addProperty("delayMs", run.config().pacingMs());
        prompt.add("params", params);
        sendLocked(prompt.toString());
    }

    private void promptLater() {
        synchronized (this) {
            if (prompter && pending == null) {
                promptLocked();
            }
        }
    }

    private void sendLocked(String json) {
        socket.sendText(json); // queued on the event loop in call order, so no chain of sends is needed
    }

    /** Drops the connection as a lost network would, and comes straight back with {@code after}. */
    private void dropLocked() {
        WsConnection ws = socket;
        socket = null;
        ws.abort();
        run.stats().reconnects.increment();
        run.timers().execute(this::connect);
    }

    @Override
    public void onClose(WsConnection ws, int code, String reason) {
        lost(ws, code == 1008 && reason != null && reason.contains("too slow"));
    }

    @Override
    public void onError(WsConnection ws, Throwable error) {
        lost(ws, pausedNow()); // a paused reader cannot see the close frame: the server's cut is for slowness
    }

    private boolean pausedNow() {
        synchronized (this) {
            return paused;
        }
    }

    private void lost(WsConnection ws, boolean slowClosed) {
        synchronized (this) {
            if (ws != socket) {
                return;
            }
            socket = null;
            if (slowClosed) {
                run.stats().slowClosed.increment();
            }
            paused = false;
            if (finished) {
                return;
            }
        }
        run.stats().reconnects.increment();
        retryLater();
    }

    private void retryLater() {
        if (!run.stopping() || pendingNow()) {
            run.timers().schedule(this::connect, 100 + ThreadLocalRandom.current().nextInt(400), TimeUnit.MILLISECONDS);
        }
    }

    private boolean pendingNow() {
        synchronized (this) {
            return pending != null;
        }
    }

    /**
     * Where this user's session stands, for a resume from outside: its id and the last seq the user saw;
     * empty before the first welcome.
     */
    Optional<ResumePoint> resumePoint() {
        synchronized (this) {
            String session = group.session.getNow(null);
            return session == null ? Optional.empty() : Optional.of(new ResumePoint(session, verdict.lastSeq()));
        }
    }

    /** A session and the last seq seen on it. */
    record ResumePoint(String session, long after) {
    }

    /**
     * How long this user's reply in flight has gone without a token, in microseconds, at {@code now}; 0
     * when none is in flight or its first token has not come. A stall that never ended is still a stall.
     */
    long openGapMicros(long now) {
        synchronized (this) {
            return pending == null || lastTokenNanos == 0 || slow ? 0 : (now - lastTokenNanos) / 1000;
        }
    }

    /** The run is over for this user: its unfinished prompt is lost; close and report. */
    void finish() {
        synchronized (this) {
            if (pending != null) {
                verdict.lost(pending);
                pending = null;
            }
            closeLocked();
            report();
        }
    }

    /** At the end of the run: close now if idle, else after the reply in flight. */
    void stop() {
        synchronized (this) {
            if (pending == null) {
                closeLocked();
            }
        }
    }

    private void closeLocked() {
        finished = true;
        WsConnection ws = socket;
        socket = null;
        if (ws != null) {
            ws.close(NORMAL_CLOSURE, "done"); // then lets TCP go without waiting for the answer, as before
        }
    }

    private void report() {
        run.problems(index, verdict.problems());
        verdict.problems().clear();
    }
}
