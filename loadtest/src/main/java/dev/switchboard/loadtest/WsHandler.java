package dev.switchboard.loadtest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.flow.FlowControlHandler;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The end of one connection's pipeline: turns Netty's events into {@link WsListener} calls. Netty's
 * handlers before it did the handshake, the framing, the pings; this one opens the connection when
 * the handshake completes, decodes each text message straight from its buffer, answers a close
 * frame, and reports the end once.
 *
 * <p>Concurrency: Netty calls a handler on its channel's event loop only, one event at a time, so
 * the fields need no lock.
 */
final class WsHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    /** RFC 6455's code for a close frame without one (never sent on the wire). */
    static final int NO_STATUS = 1005;

    private final WsListener listener;
    private final CompletableFuture<WsConnection> opened;
    private WsConnection ws; // set when the handshake completes
    private CompositeByteBuf fragments; // a text message that came in parts, until its last part
    private Throwable failure; // the first, for onError
    private boolean over; // onClose or onError has been reported

    WsHandler(WsListener listener, CompletableFuture<WsConnection> opened) {
        this.listener = listener;
        this.opened = opened;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ws = new WsConnection(ctx.channel(), // pausable exactly when the pipeline has flow control
                    ctx.pipeline().get(FlowControlHandler.class) != null);
            listener.onOpen(ws);
            opened.complete(ws);
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            failure = new TimeoutException("WebSocket handshake timed out");
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (ws == null || over || ws.ended()) {
            return;
        }
        if (frame instanceof TextWebSocketFrame || (frame instanceof ContinuationWebSocketFrame && fragments != null)) {
            text(ctx, frame);
        } else if (frame instanceof CloseWebSocketFrame close) {
            closed(ctx, close);
        }
        // binary frames are ignored, as the JDK listener's default did; pings were answered upstream
    }

    private void text(ChannelHandlerContext ctx, WebSocketFrame frame) {
        ByteBuf content = frame.content();
        if (fragments == null && frame.isFinalFragment()) {
            listener.onText(ws, ByteBufUtil.getBytes(content)); // the common case: one frame
            return;
        }
        if (fragments == null) {
            fragments = ctx.alloc().compositeBuffer();
        }
        fragments.addComponent(true, content.retain()); // joined as bytes: a character may span two parts
        if (frame.isFinalFragment()) {
            byte[] utf8 = ByteBufUtil.getBytes(fragments);
            fragments.release();
            fragments = null;
            listener.onText(ws, utf8);
        }
    }

    private void closed(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        over = true;
        int code = close.statusCode() < 0 ? NO_STATUS : close.statusCode();
        String reason = close.reasonText();
        // answer as RFC 6455 asks, then let TCP go (as the JDK client did)
        CloseWebSocketFrame answer = code == NO_STATUS ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        listener.onClose(ws, code, reason);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
        Throwable why = failure != null ? failure : new ClosedChannelException();
        if (ws == null) {
            opened.completeExceptionally(why);
        } else if (!over && !ws.ended()) {
            over = true;
            listener.onError(ws, why);
        }
        ctx.fireChannelInactive();
    }
}
