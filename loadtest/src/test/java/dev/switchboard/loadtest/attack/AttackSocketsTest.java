package dev.switchboard.loadtest.attack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Attacker sockets against a small Netty WebSocket server (the load tester's tests start no Switchboard
 * server): the hand-made handshake and masked frames are what a real server accepts, an unfinished frame
 * over the server's limit is closed with 1009 and counted, a socket the server closes is dialled again,
 * floods are paced by the socket, and every connection comes from the attacker address.
 */
@Timeout(30)
class AttackSocketsTest {

    private static final InetAddress ATTACKER = loopback("127.0.0.2");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static EventLoopGroup serverLoop;
    private static Channel echo;
    private static Channel rude;
    private static final Set<InetAddress> peers = ConcurrentHashMap.newKeySet();

    private EventLoopGroup attackLoop;
    private AttackContext context;

    @BeforeAll
    static void startServers() throws InterruptedException {
        serverLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        echo = server(Echo::new);
        rude = server(Rude::new);
    }

    @AfterAll
    static void stopServers() {
        echo.close().awaitUninterruptibly();
        rude.close().awaitUninterruptibly();
        serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @AfterEach
    void stopAttack() {
        if (context != null) {
            context.beginStopping();
            context.loop().submit(context::closeAll).awaitUninterruptibly();
        }
        attackLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private static Channel server(Supplier<SimpleChannelInboundHandler<TextWebSocketFrame>> last)
            throws InterruptedException {
        return new ServerBootstrap().group(serverLoop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        peers.add(ch.remoteAddress().getAddress());
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler("/ws"), last.get()); // frames up to 64 KiB
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private Turn turn(Channel server, AbuseKind kind) {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        attackLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        AttackSettings settings = new AttackSettings(URI.create("ws://127.0.0.1:" + port + "/ws"), ATTACKER, 1,
                NioIoHandler.newFactory(), NioSocketChannel.class);
        context = new AttackContext(attackLoop.next(), settings);
        return new Turn(context, kind);
    }

    private void begin(Turn turn) {
        context.loop().execute(() -> turn.kind().create().begin(turn));
    }

    @Test
    void anUnfinishedFrameOverTheServersLimitIsClosedWith1009AndOneUnderItIsHeld() {
        Turn turn = turn(echo, AbuseKind.UNFINISHED_FRAMES);
        AbuseCounters c = turn.counters();
        begin(turn);
        await().atMost(WAIT).until(() -> c.count("frame4MiB.closedByServer", 0) == 3);
        assertEquals(3, c.closes(1009));
        assertEquals(3, c.count("frame4MiB.sockets", 0));
        assertEquals(2, c.count("frame60000.sockets", 0), "the handshake was accepted for all five");
        assertEquals(0, c.count("frame60000.closedByServer", 0));
        // each hello, masked by hand, was decoded and echoed: 5 echoes besides the close frames (Netty's
        // server follows its 1009 with a 1000 of its protocol handler's)
        await().atMost(WAIT).until(() -> c.framesReceived.sum() - c.closes(1009) - c.closes(1000) == 5);
        assertEquals(5, c.connections.sum());
        assertEquals(Set.of(ATTACKER), peers);
    }

    @Test
    void aSocketTheServerClosesIsDialledAgainWhileTheTurnLasts() {
        Turn turn = turn(rude, AbuseKind.BURST);
        AbuseCounters c = turn.counters();
        begin(turn);
        await().atMost(WAIT).until(() -> c.closes(1008) >= 3);
        assertTrue(c.connections.sum() >= 3);
        assertTrue(c.count("redials", 0) >= 3);
        context.loop().submit(turn::end).awaitUninterruptibly();
        long connections = c.connections.sum();
        // no re-dial after the turn: the next one would have come within the backoff
        await().during(Duration.ofMillis(3 * Turn.BACKOFF_MS)).atMost(WAIT)
                .until(() -> c.connections.sum() <= connections + 1);
        assertEquals(Set.of(ATTACKER), peers);
    }

    @Test
    void aFloodSendsFramesAsFastAsTheSocketTakesThemAndCountsWhatComesBack() {
        Turn turn = turn(echo, AbuseKind.HELLO_FLOOD);
        AbuseCounters c = turn.counters();
        begin(turn);
        await().atMost(WAIT).until(() -> c.framesReceived.sum() > 5_000);
        context.loop().submit(turn::end).awaitUninterruptibly();
        assertEquals(1, c.connections.sum());
        assertTrue(c.framesSent.sum() >= c.framesReceived.sum());
        assertEquals(0, c.closes(AbuseCounters.NO_CLOSE_FRAME), "the attacker's own close is not the server's");
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends each text message back; a frame over the limit (Netty closed with 1009 already) ends it quietly. */
    private static final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ctx.writeAndFlush(new TextWebSocketFrame(frame.text()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Closes with 1008 at the first frame. */
    private static final class Rude extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ctx.writeAndFlush(new CloseWebSocketFrame(1008, "go away")).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
