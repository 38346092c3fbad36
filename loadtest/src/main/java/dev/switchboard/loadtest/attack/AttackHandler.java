package dev.switchboard.loadtest.attack;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end of an attacker WebSocket's pipeline: counts everything that comes back for the abuse,
 * passes text frames on to its {@link SocketBehaviour}, and tells the {@link Turn} when the socket
 * opens and when it ends, once.
 *
 * <p>Concurrency: Netty calls it on the channel's event loop only (the attackers' one loop).
 */
final class AttackHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Pattern STATUS = Pattern.compile("\\b([1-5]\\d\\d)\\b");

    private final Turn turn;
    private final SocketBehaviour behaviour;
    private final Turn.Redial redial;
    private final AbuseCounters counters;
    private AttackSocket socket;
    private boolean closeFrameSeen;
    private boolean failureCounted;
    private boolean ended;

    AttackHandler(Turn turn, SocketBehaviour behaviour, Turn.Redial redial) {
        this.turn = turn;
        this.behaviour = behaviour;
        this.redial = redial;
        this.counters = turn.counters();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            socket = new AttackSocket(ctx.channel(), counters);
            counters.connections.increment();
            if (turn.opened(socket)) {
                behaviour.opened(socket);
            }
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            connectFailed("handshake_timeout");
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        counters.framesReceived.increment();
        counters.bytesReceived.add(frame.content().readableBytes());
        if (socket == null) {
            return;
        }
        if (frame instanceof TextWebSocketFrame) {
            String type = FrameSniffer.type(frame.content());
            String code = null;
            String session = null;
            if ("error".equals(type)) {
                code = FrameSniffer.code(frame.content());
                counters.error(code);
            } else if ("welcome".equals(type)) {
                session = FrameSniffer.session(frame.content());
            }
            if (!socket.closedByAttacker()) {
                behaviour.received(socket, new SocketBehaviour.Received(type, code, session,
                        frame.content().readableBytes()));
            }
        } else if (frame instanceof CloseWebSocketFrame close) {
            closeFrameSeen = true;
            counters.closed(close.statusCode() < 0 ? 1005 : close.statusCode());
            ctx.close();
        }
        // continuation and binary frames are only counted; pings were answered by Netty
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (socket != null && ctx.channel().isWritable()) {
            socket.pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (socket == null) {
            connectFailed(cause instanceof WebSocketClientHandshakeException h ? status(h.getMessage())
                    : cause.getClass().getSimpleName());
        } else if (!socket.closedByAttacker() && !turn.context().stopping()) { // else: writes after our own close
            counters.count("clientError." + cause.getClass().getSimpleName());
        }
        ctx.close();
    }

    /** The TCP connection or its handshake failed before the socket opened (not counted when the attack's stop cut it). */
    void connectFailed(String why) {
        if (!failureCounted && socket == null && !turn.context().stopping()) {
            failureCounted = true;
            counters.connectFailed(why);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (socket == null) {
            connectFailed("closed_before_handshake");
        } else if (!closeFrameSeen && !socket.closedByAttacker() && !turn.context().stopping()) {
            counters.closed(AbuseCounters.NO_CLOSE_FRAME);
        }
        end();
        ctx.fireChannelInactive();
    }

    /** Tells the turn once that this connection is over (or never came). */
    void end() {
        if (!ended) {
            ended = true;
            turn.ended(socket, behaviour, redial);
        }
    }

    /** A listener for the connect: a TCP failure ends the handler, as a close would. */
    ChannelFutureListener onConnect() {
        return f -> {
            if (!f.isSuccess()) {
                connectFailed(f.cause().getClass().getSimpleName());
                end();
            }
        };
    }

    private static String status(String message) {
        Matcher m = STATUS.matcher(message == null ? "" : message);
        return m.find() ? "http_" + m.group(1) : "handshake_refused";
    }
}
