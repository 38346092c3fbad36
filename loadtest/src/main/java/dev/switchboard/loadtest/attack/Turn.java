package dev.switchboard.loadtest.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One attacker's turn at one abuse: the sockets it opened and the timers it set, closed and cancelled
 * when the turn ends. A socket opened with {@link #dial} that the server closes during the turn comes
 * back after a short backoff, as a determined attacker's would.
 *
 * <p>Concurrency: confined to the attackers' event loop.
 */
final class Turn {

    /** What happens when the server ends a socket of the turn. */
    enum Redial {
        /** Connect again, after {@link #BACKOFF_MS} to twice that, while the turn lasts. */
        WHILE_THE_TURN_LASTS,
        /** Nothing: it was a one-off. */
        NEVER
    }

    static final long BACKOFF_MS = 200;

    private final AttackContext context;
    private final AbuseKind kind;
    private final AbuseCounters counters;
    private final List<AttackSocket> sockets = new ArrayList<>();
    private final List<Future<?>> timers = new ArrayList<>();
    private boolean live = true;

    Turn(AttackContext context, AbuseKind kind) {
        this.context = context;
        this.kind = kind;
        this.counters = context.counters(kind);
    }

    AttackContext context() {
        return context;
    }

    AbuseKind kind() {
        return kind;
    }

    AbuseCounters counters() {
        return counters;
    }

    /** Whether the turn is still on. */
    boolean live() {
        return live;
    }

    /** Opens a WebSocket for {@code behaviour}, and again whenever the server ends it during the turn. */
    void dial(SocketBehaviour behaviour) {
        open(behaviour, Redial.WHILE_THE_TURN_LASTS);
    }

    /** Opens a WebSocket for {@code behaviour} once. */
    void dialOnce(SocketBehaviour behaviour) {
        open(behaviour, Redial.NEVER);
    }

    private void open(SocketBehaviour behaviour, Redial redial) {
        if (!live || context.stopping()) {
            return;
        }
        AttackHandler handler = new AttackHandler(this, behaviour, redial);
        context.connectWebSocket(handler).addListener(handler.onConnect());
    }

    /** A socket of this turn opened; false (and it is closed) when the turn ended meanwhile. */
    boolean opened(AttackSocket socket) {
        if (!live || context.stopping()) {
            socket.close();
            return false;
        }
        sockets.add(socket);
        return true;
    }

    /** A socket of this turn ended, or never opened ({@code socket} null). */
    void ended(AttackSocket socket, SocketBehaviour behaviour, Redial redial) {
        if (socket != null) {
            sockets.remove(socket);
        }
        boolean byServer = socket == null || !socket.closedByAttacker();
        if (live && byServer && redial == Redial.WHILE_THE_TURN_LASTS) {
            counters.count("redials");
            later(BACKOFF_MS + ThreadLocalRandom.current().nextLong(BACKOFF_MS), () -> open(behaviour, redial));
        }
    }

    /** Runs {@code task} on the loop after {@code millis}, if the turn is still on then. */
    void later(long millis, Runnable task) {
        if (!live) {
            return;
        }
        timers.removeIf(Future::isDone);
        timers.add(context.loop().schedule(() -> {
            if (live) {
                task.run();
            }
        }, millis, TimeUnit.MILLISECONDS));
    }

    /** Runs {@code task} on the loop every {@code millis}, the first time after {@code millis}, while the turn lasts. */
    void every(long millis, Runnable task) {
        if (!live) {
            return;
        }
        timers.add(context.loop().scheduleAtFixedRate(() -> {
            if (live) {
                task.run();
            }
        }, millis, millis, TimeUnit.MILLISECONDS));
    }

    /** Ends the turn: no more timers or re-dials; every socket it has open ends (see {@link AttackSocket#endOfTurn}). */
    void end() {
        if (!live) {
            return;
        }
        live = false;
        timers.forEach(f -> f.cancel(false));
        timers.clear();
        for (AttackSocket s : List.copyOf(sockets)) {
            s.endOfTurn(context);
        }
        sockets.clear();
    }
}
