package dev.switchboard.loadtest.attack;

import com.google.gson.JsonObject;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hostile scenario's attackers: {@code K} of them, each running the abuses of the catalogue
 * ({@link AbuseKind}) in turns of five seconds, staggered by an {@link AbuseSchedule} so that every
 * abuse is under way at once (when {@code K >= 6}). They connect from their own loopback address,
 * respect nothing but TCP, verify nothing of what comes back and count all of it, and come back after
 * a short backoff when the server closes them.
 *
 * <p>Concurrency: every attacker, turn, socket and timer lives on one event loop thread of the
 * attack's own (so none of it needs a lock, and none of it shares a thread with the well-behaved
 * users it is meant to disturb); nothing on it blocks. {@link #start}, {@link #stop} and
 * {@link #close} may be called from any thread: they hand their work to the loop, and {@link #stop}
 * waits for it. The counters are safe to read from any thread.
 */
public final class Attack implements AutoCloseable {

    private final AttackSettings settings;
    private final EventLoopGroup group;
    private final AttackContext context;
    private final List<Attacker> attackers = new ArrayList<>();
    private Future<?> turns; // on the loop
    private int turn; // on the loop
    private long startedNanos; // on the loop
    private long stoppedNanos; // on the loop

    /** Makes the attackers and their event loop; nothing connects before {@link #start}. */
    public Attack(AttackSettings settings) {
        this.settings = settings;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("loadtest-attack", true), settings.io());
        this.context = new AttackContext(group.next(), settings);
        for (int i = 0; i < settings.attackers(); i++) {
            attackers.add(new Attacker(i, settings.attackers(), context));
        }
    }

    /** Starts every attacker at its first abuse; the turns change every five seconds from now. */
    public void start() {
        context.loop().execute(() -> {
            startedNanos = System.nanoTime();
            attackers.forEach(a -> a.play(0));
            long turnMs = AbuseSchedule.TURN.toMillis();
            turns = context.loop().scheduleAtFixedRate(this::nextTurn, turnMs, turnMs, TimeUnit.MILLISECONDS);
        });
    }

    private void nextTurn() {
        turn++;
        attackers.forEach(a -> a.play(turn));
    }

    /** Ends every turn and closes every attacker socket; returns when that is done (within a few seconds). */
    public void stop() {
        context.beginStopping();
        context.loop().submit(() -> {
            if (turns != null) {
                turns.cancel(false);
            }
            attackers.forEach(Attacker::end);
            context.closeAll();
            stoppedNanos = System.nanoTime();
        }).awaitUninterruptibly(5_000);
    }

    /** Stops (if not yet stopped) and ends the attack's event loop. */
    @Override
    public void close() {
        stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }

    /** The counters of one abuse (for tests). */
    AbuseCounters counters(AbuseKind kind) {
        return context.counters(kind);
    }

    /** Every abuse's counters and the attack's settings, for the result; call it after {@link #stop}. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("attackers", settings.attackers());
        o.addProperty("address", settings.source().getHostAddress());
        o.addProperty("turnSeconds", AbuseSchedule.TURN.toMillis() / 1000.0);
        o.addProperty("turns", settings.attackers() == 0 ? 0 : turn + 1);
        o.addProperty("seconds", stoppedNanos == 0 ? 0 : Math.round((stoppedNanos - startedNanos) / 1e6) / 1000.0);
        JsonObject abuses = new JsonObject();
        for (AbuseKind kind : AbuseKind.values()) {
            abuses.add(kind.label(), context.counters(kind).toJson());
        }
        o.add("abuses", abuses);
        return o;
    }
}
