package dev.switchboard.loadtest.attack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One raw socket of the unfinished-frames abuse: writes a hand-made upgrade request, checks the 101
 * answer, sends a masked {@code hello} frame, then the header of a big text frame and only part of its
 * payload, and from then on only reads. It counts, under its variant's label: {@code sockets} that got
 * that far, {@code closedByServer} and the longest time from its last bytes to the server's close
 * ({@code closeMsMax}), {@code openAtTurnEnd} (still open five seconds after its last bytes),
 * {@code openAtHoldEnd} (still open after {@link #HOLD_MS}: closed by the attacker then) and
 * {@code openAtAttackEnd}. Close frames count as closes by code; a close without one as 1006.
 *
 * <p>Concurrency: Netty calls it on the attackers' event loop only; its timers run there too.
 */
final class UnfinishedFrameSocket extends ChannelInboundHandlerAdapter {

    /** How long a socket is held after its last bytes, at most. */
    static final long HOLD_MS = 15_000;
    private static final long TURN_MS = AbuseSchedule.TURN.toMillis();
    private static final int MAX_RESPONSE_HEAD = 8192;

    private final AttackContext context;
    private final AbuseCounters counters;
    private final UnfinishedFramesAbuse.Variant variant;
    private final String key = RawWebSocket.newKey(ThreadLocalRandom.current());
    private final StringBuilder head = new StringBuilder();
    private final ServerFrameScanner scanner;
    private boolean upgraded;
    private boolean closeFrameSeen;
    private boolean closedByUs;
    private boolean failureCounted;
    private long heldSince;

    UnfinishedFrameSocket(AttackContext context, AbuseCounters counters, UnfinishedFramesAbuse.Variant variant) {
        this.context = context;
        this.counters = counters;
        this.variant = variant;
        this.scanner = new ServerFrameScanner(new ServerFrameScanner.Listener() {
            @Override
            public void frame(int opcode, long length) {
                counters.framesReceived.increment();
            }

            @Override
            public void close(int code) {
                closeFrameSeen = true;
                counters.closed(code);
            }
        });
    }

    ChannelFutureListener onConnect() {
        return f -> {
            if (!f.isSuccess()) {
                connectFailed(f.cause().getClass().getSimpleName());
            }
        };
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(RawWebSocket.handshake(context.url(), key)));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            counters.bytesReceived.add(in.readableBytes());
            byte[] bytes = new byte[in.readableBytes()];
            in.readBytes(bytes);
            if (upgraded) {
                scanner.feed(bytes, 0, bytes.length);
            } else {
                handshakeBytes(ctx, bytes);
            }
        } finally {
            in.release();
        }
    }

    private void handshakeBytes(ChannelHandlerContext ctx, byte[] bytes) {
        head.append(new String(bytes, StandardCharsets.ISO_8859_1)); // one char per byte: offsets stay byte offsets
        int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            if (head.length() > MAX_RESPONSE_HEAD) {
                refused(ctx, "response_too_long");
            }
            return;
        }
        String response = head.substring(0, end);
        if (!RawWebSocket.accepted(response, key)) {
            String status = response.length() >= 12 ? response.substring(9, 12) : "?";
            refused(ctx, "http_" + status);
            return;
        }
        upgraded = true;
        counters.connections.increment();
        byte[] rest = head.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
        startUnfinishedFrame(ctx);
        if (rest.length > 0) {
            scanner.feed(rest, 0, rest.length);
        }
    }

    private void startUnfinishedFrame(ChannelHandlerContext ctx) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        ctx.write(Unpooled.wrappedBuffer(RawWebSocket.maskedText(AbuseTexts.HELLO, RawWebSocket.newMask(random))));
        byte[] mask = RawWebSocket.newMask(random);
        ctx.write(Unpooled.wrappedBuffer(RawWebSocket.header(RawWebSocket.TEXT, variant.declared, mask)));
        byte[] part = new byte[variant.sent];
        Arrays.fill(part, (byte) 'x'); // plain bytes: the server would see valid UTF-8 if it ever got the rest
        RawWebSocket.mask(part, mask, 0);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(part));
        counters.framesSent.add(2); // the hello, and the frame begun
        counters.count(variant.label + ".sockets");
        heldSince = System.nanoTime();
        ctx.executor().schedule(() -> {
            if (ctx.channel().isActive()) {
                counters.count(variant.label + ".openAtTurnEnd");
            }
        }, TURN_MS, TimeUnit.MILLISECONDS);
        ctx.executor().schedule(() -> {
            if (ctx.channel().isActive()) {
                counters.count(variant.label + ".openAtHoldEnd");
                closedByUs = true;
                ctx.close();
            }
        }, HOLD_MS, TimeUnit.MILLISECONDS);
    }

    private void refused(ChannelHandlerContext ctx, String why) {
        connectFailed(why);
        closedByUs = true;
        ctx.close();
    }

    private void connectFailed(String why) {
        if (!failureCounted && !context.stopping()) {
            failureCounted = true;
            counters.connectFailed(why);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!upgraded) {
            connectFailed(cause.getClass().getSimpleName());
        }
        ctx.close(); // a reset by the server shows here first; the close is counted when the channel goes
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!upgraded) {
            connectFailed("closed_before_handshake");
        } else if (!closedByUs && context.stopping()) {
            counters.count(variant.label + ".openAtAttackEnd");
        } else if (!closedByUs) {
            counters.count(variant.label + ".closedByServer");
            counters.max(variant.label + ".closeMsMax", (System.nanoTime() - heldSince) / 1_000_000);
            if (!closeFrameSeen) {
                counters.closed(AbuseCounters.NO_CLOSE_FRAME);
            }
        }
        ctx.fireChannelInactive();
    }
}
