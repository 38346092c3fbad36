package dev.switchboard.loadtest;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
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
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of the Switchboard protocol for a load test to run against, in the test itself (the
 * loadtest module starts no real server): hello and welcome, prompts echoed word by word with
 * {@code delayMs} (one repeat, whatever {@code repeat} says), seq per session, resume by session id,
 * and {@code GET /metrics} with this JVM's heap. Everything runs on one event loop thread, so the
 * sessions need no lock.
 */
final class MiniEchoServer implements AutoCloseable {

    private static final Pattern TOKEN = Pattern.compile("\\S+\\s*");

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<String, long[]> seqs = new HashMap<>(); // on the loop: session -> last seq
    private final Channel server;
    private long gens;

    MiniEchoServer() throws InterruptedException {
        server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/ws", null, false, 65536), new Metrics(),
                                new Chat());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Answers plain HTTP requests (the WebSocket upgrade was taken before): /metrics, else 404. */
    private static final class Metrics extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean metrics = request.uri().equals("/metrics");
            String body = metrics ? "# TYPE jvm_memory_used_bytes gauge\njvm_memory_used_bytes{area=\"heap\",id=\"all\"} "
                    + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + ".0\n" : "not here\n";
            DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    metrics ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private final class Chat extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private String session;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            JsonObject in;
            try {
                in = JsonParser.parseString(frame.text()).getAsJsonObject();
            } catch (RuntimeException e) {
                send(ctx, "{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"not JSON\"}");
                return;
            }
            String type = in.has("type") ? in.get("type").getAsString() : "";
            if ("hello".equals(type)) {
                String asked = in.has("session") ? in.get("session").getAsString() : null;
                boolean created = asked == null || !seqs.containsKey(asked);
                session = created ? UUID.randomUUID().toString() : asked;
                seqs.putIfAbsent(session, new long[1]);
                send(ctx, "{\"type\":\"welcome\",\"session\":\"" + session + "\",\"created\":" + created + ",\"seq\":"
                        + seqs.get(session)[0] + "}");
            } else if (session == null) {
                send(ctx, "{\"type\":\"error\",\"code\":\"hello_required\",\"message\":\"hello first\"}");
            } else if ("prompt".equals(type)) {
                prompt(ctx, in);
            } else {
                send(ctx, "{\"type\":\"error\",\"code\":\"not_found\",\"message\":\"no such generation\"}");
            }
        }

        private void prompt(ChannelHandlerContext ctx, JsonObject in) {
            String text = in.get("text").getAsString();
            String id = in.get("id").getAsString();
            JsonObject params = in.has("params") ? in.getAsJsonObject("params") : new JsonObject();
            long delay = params.has("delayMs") ? params.get("delayMs").getAsLong() : 20;
            long[] seq = seqs.get(session);
            String gen = "g" + ++gens;
            send(ctx, event(++seq[0], "queued", gen, "\"id\":" + q(id) + ",\"text\":" + q(text) + ",\"position\":1"));
            send(ctx, event(++seq[0], "start", gen, "\"id\":" + q(id)));
            Matcher m = TOKEN.matcher(text);
            int i = 0;
            while (m.find()) {
                String token = m.group();
                ctx.executor().schedule(() -> send(ctx, event(++seq[0], "token", gen, "\"text\":" + q(token))),
                        delay * ++i, TimeUnit.MILLISECONDS);
            }
            int tokens = i;
            ctx.executor().schedule(() -> send(ctx, event(++seq[0], "done", gen, "\"id\":" + q(id) + ",\"text\":"
                    + q(text) + ",\"reason\":\"stop\",\"tokens\":" + tokens)), delay * i + 1, TimeUnit.MILLISECONDS);
        }

        private static String event(long seq, String type, String gen, String rest) {
            return "{\"type\":\"" + type + "\",\"seq\":" + seq + ",\"gen\":\"" + gen + "\"," + rest + "}";
        }

        private static String q(String s) {
            return new com.google.gson.JsonPrimitive(s).toString();
        }

        private static void send(ChannelHandlerContext ctx, String json) {
            if (ctx.channel().isActive()) {
                ctx.writeAndFlush(new TextWebSocketFrame(json), ctx.voidPromise());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // an attacker's unfinished frame over the limit, a reset: the end of that connection
        }
    }
}
