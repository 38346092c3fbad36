package dev.switchboard.loadtest.attack;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What every attacker shares: the one event loop that all attacker code runs on, the bootstraps that
 * connect from the attacker address (a WebSocket one, through Netty's client codec, and a raw TCP one),
 * each abuse's counters, and every channel opened, so that the end of the attack can close them all.
 *
 * <p>Concurrency: attackers, turns and sockets touch it on the loop only. The counters and the channel
 * group are thread-safe and read by the reporting thread; {@code stopping} is volatile, set by
 * {@link Attack#stop} before it closes everything, so that handlers do not count their own end as the
 * server's.
 */
final class AttackContext {

    /**
     * The largest frame an attacker reads: the huge-history welcome may be large, and a frame over it
     * ends the connection (counted as the client's own error, {@code clientError.*}).
     */
    static final int MAX_FRAME = 32 << 20;
    private static final int TIMEOUT_MS = 5_000;

    private final EventLoop loop;
    private final URI url;
    private final Bootstrap bootstrap;
    private final Map<AbuseKind, AbuseCounters> counters;
    private final ChannelGroup channels;
    private volatile boolean stopping;

    AttackContext(EventLoop loop, AttackSettings settings) {
        this.loop = loop;
        this.url = settings.url();
        int port = url.getPort() == -1 ? 80 : url.getPort();
        this.bootstrap = new Bootstrap().group(loop).channel(settings.channel())
                .remoteAddress(new InetSocketAddress(url.getHost(), port))
                .localAddress(new InetSocketAddress(settings.source(), 0))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, TIMEOUT_MS);
        Map<AbuseKind, AbuseCounters> all = new EnumMap<>(AbuseKind.class);
        for (AbuseKind kind : AbuseKind.values()) {
            all.put(kind, new AbuseCounters());
        }
        this.counters = Collections.unmodifiableMap(all);
        this.channels = new DefaultChannelGroup("attackers", loop);
    }

    EventLoop loop() {
        return loop;
    }

    URI url() {
        return url;
    }

    AbuseCounters counters(AbuseKind kind) {
        return counters.get(kind);
    }

    boolean stopping() {
        return stopping;
    }

    /** From now on, every end of a connection is the attack's own. */
    void beginStopping() {
        stopping = true;
    }

    /** Closes every channel the attack still has open. */
    void closeAll() {
        channels.close();
    }

    /** Opens a WebSocket whose frames go to {@code handler}, after Netty's client codec. */
    ChannelFuture connectWebSocket(ChannelHandler handler) {
        WebSocketClientProtocolConfig protocol = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(url)
                .maxFramePayloadLength(MAX_FRAME)
                .handleCloseFrames(false) // the handler reads the close code
                .sendCloseFrame(null)
                .generateOriginHeader(false)
                .withUTF8Validator(false)
                .handshakeTimeoutMillis(TIMEOUT_MS)
                .build();
        return connect(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                        new WebSocketClientProtocolHandler(protocol), handler);
            }
        });
    }

    /** Opens a plain TCP connection whose bytes go to {@code handler}. */
    ChannelFuture connectRaw(ChannelHandler handler) {
        return connect(handler);
    }

    private ChannelFuture connect(ChannelHandler handler) {
        ChannelFuture f = bootstrap.clone().handler(handler).connect();
        channels.add(f.channel());
        return f;
    }
}
