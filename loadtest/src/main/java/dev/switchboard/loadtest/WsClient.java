package dev.switchboard.loadtest;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The load tester's WebSocket client: a few Netty event loops (io_uring or epoll on Linux, else NIO;
 * see {@link ClientIo}) that carry every simulated user's connection. Netty does the HTTP upgrade, framing, masking, pings and close;
 * the JDK's {@code java.net.http} client did the same for about 30 us of CPU per received frame,
 * more than the server it measured, on the same two cores.
 *
 * <p>Each connection's pipeline: (TLS), HTTP codec and aggregator for the upgrade (Netty swaps them
 * for the frame codec once it is done), Netty's WebSocket protocol handler (pongs, close frames passed
 * on), for a connection that will pause a {@link FlowControlHandler} so that it delivers nothing
 * until it resumes, and a {@link WsHandler}. Only slow readers pause, so only they pay for the
 * handler's queue and the extra hop on every frame.
 *
 * <p>Concurrency: {@link #connect} may be called from any thread; a connection's callbacks run on
 * the one event loop it was given. {@link #close} waits for the loops to finish what was queued.
 */
final class WsClient implements AutoCloseable {

    /**
     * Users per event loop by default: 2,000 users at 20 tokens/s are 40,000 frames/s, which one
     * loop should read within a core at a few microseconds a frame (measured up to 300 users only).
     */
    static final int USERS_PER_LOOP = 2000;
    /** Loops at most by default: the load generator shares the machine's two cores with the server. */
    static final int MAX_DEFAULT_LOOPS = 2;
    /** A frame larger than Netty's 64 KiB default would close the connection; the JDK client had no limit. */
    private static final int MAX_FRAME = 16 << 20;
    private static final int TIMEOUT_MS = 10_000;

    static {
        // Netty's default leak detection takes a stack trace for one buffer in 128, which showed as about
        // 1.5% of the event loop's CPU in a profile; -Dio.netty.leakDetection.level=paranoid turns it on.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private final URI uri;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SslContext ssl;
    private final int port;
    private final String transport;

    /**
     * @param url a ws:// or wss:// URL
     * @param loops event-loop threads
     * @param io how the loops reach the kernel
     * @throws IllegalArgumentException if {@code io} was chosen explicitly and is not available here
     */
    WsClient(URI url, int loops, ClientIo io) {
        this.uri = url;
        ClientIo chosen = io.resolve();
        this.group = new MultiThreadIoEventLoopGroup(loops, new DefaultThreadFactory("loadtest-io", true),
                chosen.handlers());
        this.transport = chosen.label() + ", " + loops + " io thread" + (loops == 1 ? "" : "s");
        this.ssl = "wss".equals(url.getScheme()) ? sslContext() : null;
        this.port = url.getPort() != -1 ? url.getPort() : ssl != null ? 443 : 80;
        this.bootstrap = new Bootstrap().group(group)
                .channel(chosen.channel())
                .remoteAddress(new InetSocketAddress(url.getHost(), port)) // resolved once, not per user
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, TIMEOUT_MS);
    }

    /** The default number of event loops for a run of {@code users}: one per 2,000 users, at most two. */
    static int defaultLoops(int users) {
        return Math.min(MAX_DEFAULT_LOOPS, Math.max(1, (users + USERS_PER_LOOP - 1) / USERS_PER_LOOP));
    }

    /** Which transport and how many threads, for the first progress line. */
    String transport() {
        return transport;
    }

    /**
     * Opens one WebSocket. {@code listener} hears of it from {@link WsListener#onOpen} on; the future
     * completes after that, or fails if the connection or the handshake does.
     *
     * @param pausable whether the connection may {@link WsConnection#pause}
     */
    CompletableFuture<WsConnection> connect(WsListener listener, boolean pausable) {
        CompletableFuture<WsConnection> opened = new CompletableFuture<>();
        WsHandler handler = new WsHandler(listener, opened);
        bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                if (ssl != null) {
                    p.addLast(ssl.newHandler(ch.alloc(), uri.getHost(), port));
                }
                p.addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                        new WebSocketClientProtocolHandler(protocol()));
                if (pausable) {
                    p.addLast(new FlowControlHandler());
                }
                p.addLast(handler);
            }
        }).connect().addListener(f -> {
            if (!f.isSuccess()) {
                opened.completeExceptionally(f.cause());
            }
        });
        return opened;
    }

    private WebSocketClientProtocolConfig protocol() {
        return WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .maxFramePayloadLength(MAX_FRAME)
                .handleCloseFrames(false) // WsHandler reads the code and reason (1008 "too slow" counts)
                .sendCloseFrame(null) // closing the channel is an abort; a clean close sends its own frame
                .generateOriginHeader(false) // as the JDK client: a program, not a page
                .withUTF8Validator(false) // decoding checks enough; validating every byte first costs CPU
                .handshakeTimeoutMillis(TIMEOUT_MS)
                .build();
    }

    private static SslContext sslContext() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for wss://: " + e.getMessage(), e);
        }
    }

    /** Runs what the loops have queued (close frames at the end of a run), then stops them. */
    @Override
    public void close() {
        group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(3000);
    }
}
