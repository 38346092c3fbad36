package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every transport this machine offers carries a real WebSocket over loopback: the client sends a text
 * message to a small Netty server that echoes it, and the echo arrives whole. {@code auto} picks one
 * that is offered, and a name that is none of them is refused with the choices.
 */
@Timeout(20)
class ClientIoTest {

    private static EventLoopGroup serverLoop;
    private static Channel server;

    @BeforeAll
    static void startEchoServer() throws InterruptedException {
        serverLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(serverLoop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler("/ws"), new Echo());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @AfterAll
    static void stopEchoServer() {
        server.close().awaitUninterruptibly();
        serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void autoPicksATransportThisMachineOffers() {
        ClientIo chosen = ClientIo.AUTO.resolve();
        assertNotEquals(ClientIo.AUTO, chosen);
        assertEquals(chosen, chosen.resolve());
    }

    @Test
    void everyOfferedTransportCarriesAMessageThereAndBack() throws Exception {
        List<ClientIo> offered = new ArrayList<>();
        for (ClientIo io : List.of(ClientIo.IO_URING, ClientIo.EPOLL, ClientIo.NIO)) {
            try {
                offered.add(io.resolve());
            } catch (IllegalArgumentException notHere) {
                assertTrue(notHere.getMessage().contains("not available"), notHere.getMessage());
            }
        }
        assertTrue(offered.contains(ClientIo.NIO));
        for (ClientIo io : offered) {
            assertEquals("hello over " + io.label(), echo(io, "hello over " + io.label()));
        }
    }

    @Test
    void aRunsSettingsNameTheTransportItUses() {
        RunConfig config = new RunConfig(URI.create("ws://127.0.0.1:1/ws"), 1, Duration.ZERO, Duration.ofSeconds(1), 50,
                40, Scenario.STEADY, 0, 1, Duration.ZERO, 1, 1, ClientIo.AUTO, Duration.ZERO, 1);
        assertEquals(ClientIo.AUTO.resolve(), config.io());
    }

    @Test
    void anUnknownTransportIsRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientIo.parse("kqueue"));
        assertTrue(e.getMessage().contains("auto, io_uring, epoll, nio"), e.getMessage());
        assertEquals(ClientIo.IO_URING, ClientIo.parse("io_uring"));
    }

    private static String echo(ClientIo io, String text) throws Exception {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        CompletableFuture<String> reply = new CompletableFuture<>();
        try (WsClient client = new WsClient(URI.create("ws://127.0.0.1:" + port + "/ws"), 1, io)) {
            client.connect(new WsListener() {
                @Override
                public void onOpen(WsConnection ws) {
                    ws.sendText(text);
                }

                @Override
                public void onText(WsConnection ws, byte[] utf8) {
                    reply.complete(new String(utf8, StandardCharsets.UTF_8));
                }

                @Override
                public void onClose(WsConnection ws, int code, String reason) {
                    reply.completeExceptionally(new IllegalStateException("closed " + code));
                }

                @Override
                public void onError(WsConnection ws, Throwable error) {
                    reply.completeExceptionally(error);
                }
            }, false).get(5, TimeUnit.SECONDS);
            return reply.get(5, TimeUnit.SECONDS);
        }
    }

    /** Sends each text message back as it came. */
    private static final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ctx.writeAndFlush(new TextWebSocketFrame(frame.text()));
        }
    }
}
