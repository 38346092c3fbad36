package dev.switchboard.loadtest;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * One open WebSocket of a {@link WsClient}: send, close, abort, and stop or start reading.
 *
 * <p>Concurrency: every method may be called from any thread. Sends and the close frame go through
 * the channel's event loop as tasks, even when called on it, so they leave in the order they were
 * called (a direct write from the loop would overtake a task queued by another thread).
 * {@code ended} is volatile: once the user closed or aborted, the handler reports nothing more.
 */
final class WsConnection {

    private final Channel channel;
    private final boolean pausable;
    private volatile boolean ended;

    WsConnection(Channel channel, boolean pausable) {
        this.channel = channel;
        this.pausable = pausable;
    }

    /** Sends one text message; a failure shows as the connection's end, not here. */
    void sendText(String text) {
        channel.eventLoop().execute(() -> channel.writeAndFlush(new TextWebSocketFrame(text)));
    }

    /** Sends a close frame after what was sent before, then closes the TCP connection without waiting for the answer. */
    void close(int code, String reason) {
        ended = true;
        channel.eventLoop().execute(() -> channel.writeAndFlush(new CloseWebSocketFrame(code, reason))
                .addListener(ChannelFutureListener.CLOSE));
    }

    /** Closes the TCP connection at once, with no close frame, as a lost network would. */
    void abort() {
        ended = true;
        channel.close();
    }

    /**
     * Stops reading: the kernel's buffer fills and the server sees a slow reader. Frames already read
     * wait in the pipeline's flow control until {@link #resume}.
     *
     * @throws IllegalStateException if the connection was not opened pausable: without flow control,
     *     frames of a read already under way would still be delivered
     */
    void pause() {
        if (!pausable) {
            throw new IllegalStateException("this connection was opened without flow control and cannot pause");
        }
        channel.config().setAutoRead(false);
    }

    /** Reads again, first the frames that waited. */
    void resume() {
        channel.config().setAutoRead(true);
    }

    /** True once the user closed or aborted this connection. */
    boolean ended() {
        return ended;
    }
}
