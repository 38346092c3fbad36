package dev.switchboard.loadtest.attack;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One open WebSocket of an abuse: sends a frame, floods frames as fast as the socket takes them,
 * stops reading, and closes.
 *
 * <p>A flood writes while the channel is writable (its outbound buffer under Netty's high-water
 * mark), a batch at a time so that the loop's other sockets get their turn, and starts again when
 * the channel becomes writable: the kernel's socket buffer, that is the server's reading, sets the
 * pace, and nothing waits on a thread.
 *
 * <p>Concurrency: confined to the attackers' event loop, like everything an abuse does.
 */
final class AttackSocket {

    /** Frames written per pass of a flood before the loop runs something else. */
    private static final int BATCH = 64;
    /** A socket that stopped reading reads again this long before it closes: to see a close it missed. */
    static final long DRAIN_MS = 300;

    private final Channel channel;
    private final AbuseCounters counters;
    private Supplier<String> flood;
    private boolean pumpQueued;
    private boolean paused;
    private boolean closing;

    AttackSocket(Channel channel, AbuseCounters counters) {
        this.channel = channel;
        this.counters = counters;
    }

    /** Whether it is still open and not being closed by the attacker. */
    boolean open() {
        return channel.isActive() && !closing;
    }

    /** Sends one text frame now (behind any frames already queued). */
    void send(String json) {
        if (open()) {
            channel.writeAndFlush(new TextWebSocketFrame(json), channel.voidPromise());
            counters.framesSent.increment();
        }
    }

    /** From now on, sends the frames {@code frames} makes, as fast as the socket takes them, until it closes. */
    void flood(Supplier<String> frames) {
        flood = frames;
        pump();
    }

    /** Writes a batch of the flood if the channel takes it; called again when it becomes writable. */
    void pump() {
        if (flood == null || !open()) {
            return;
        }
        int n = 0;
        while (n < BATCH && channel.isWritable()) {
            channel.write(new TextWebSocketFrame(flood.get()), channel.voidPromise());
            n++;
        }
        counters.framesSent.add(n);
        channel.flush();
        if (channel.isWritable() && !pumpQueued) {
            pumpQueued = true; // after the loop's other work, not in a tight loop of our own
            channel.eventLoop().execute(() -> {
                pumpQueued = false;
                pump();
            });
        }
    }

    /** Stops reading: what the server sends piles up in the kernel's buffers, then in the server. */
    void pauseReading() {
        paused = true;
        channel.config().setAutoRead(false);
    }

    /**
     * Ends the socket at the end of its turn: at once, or, if it stopped reading, after reading again
     * for {@link #DRAIN_MS}, so that a close frame the server sent meanwhile is counted. During the
     * attack's stop, always at once.
     */
    void endOfTurn(AttackContext context) {
        if (!paused || context.stopping()) {
            close();
            return;
        }
        paused = false;
        channel.config().setAutoRead(true);
        channel.eventLoop().schedule(this::close, DRAIN_MS, TimeUnit.MILLISECONDS);
    }

    /** Closes the TCP connection (no close frame: an attacker does not say goodbye). Safe to call twice. */
    void close() {
        closing = true;
        flood = null;
        channel.close();
    }

    /** Whether the attacker itself closed it. */
    boolean closedByAttacker() {
        return closing;
    }
}
