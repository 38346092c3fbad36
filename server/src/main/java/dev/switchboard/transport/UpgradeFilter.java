package dev.switchboard.transport;

import dev.switchboard.security.OriginPolicy;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * A Grizzly filter that sits just before Tyrus's and sees each WebSocket handshake first.
 *
 * <ul>
 *   <li>It refuses a browser page from a foreign origin with HTTP 403 (cross-site WebSocket
 *       hijacking), before Tyrus sees the request.</li>
 *   <li>It turns Grizzly's keep-alive idle timeout off for that connection only: the timeout is right
 *       for HTTP, but it would kill a WebSocket that is quiet for 30 s. Liveness of WebSockets is the
 *       server's own business.</li>
 *   <li>It hands the TCP connection to the endpoint's {@code onOpen}, which Tyrus runs on this same
 *       thread during the handshake, so that a socket whose peer never answers a close frame can
 *       still be dropped.</li>
 * </ul>
 *
 * <p>Concurrency: the handoff is a thread-local of this instance, set and cleared within one
 * filter-chain pass on one Grizzly worker thread.
 */
final class UpgradeFilter extends BaseFilter {

    private static final byte[] FORBIDDEN = "this origin may not open a WebSocket here\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final ThreadLocal<Connection<?>> handshaking = new ThreadLocal<>();
    private final OriginPolicy origins;
    private final Attribute<Boolean> seen = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
            UpgradeFilter.class.getName() + ".seen");

    UpgradeFilter(OriginPolicy origins) {
        this.origins = origins;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        if (ctx.getMessage() instanceof HttpContent content) {
            HttpHeader header = content.getHttpHeader();
            Connection<?> connection = ctx.getConnection();
            if (header.isRequest() && "websocket".equalsIgnoreCase(header.getUpgrade())
                    && seen.get(connection) == null) {
                seen.set(connection, Boolean.TRUE); // later frames of this socket pass straight on
                if (!origins.allows(header.getHeader("Origin"), header.getHeader("Host"))) {
                    return forbid(ctx, (HttpRequestPacket) header);
                }
                IdleTimeoutFilter.setCustomTimeout(connection, -1, java.util.concurrent.TimeUnit.MILLISECONDS);
                handshaking.set(connection);
                ctx.addCompletionListener(c -> handshaking.remove());
            }
        }
        return ctx.getInvokeAction();
    }

    /**
     * Answers 403 and closes. Done here rather than with Tyrus's {@code checkOrigin}, whose refusal
     * (Tyrus 2.2.2 on Grizzly) sends a 403 header with no end to its body, so the client hangs.
     */
    private static NextAction forbid(FilterChainContext ctx, HttpRequestPacket request) {
        HttpResponsePacket response = request.getResponse();
        response.setStatus(403);
        response.setReasonPhrase("Forbidden");
        response.setContentType("text/plain");
        response.setContentLength(FORBIDDEN.length);
        response.getProcessingState().setKeepAlive(false);
        Connection<?> connection = ctx.getConnection();
        ctx.write(HttpContent.builder(response).content(Buffers.wrap(ctx.getMemoryManager(), FORBIDDEN)).last(true)
                .build(), new EmptyCompletionHandler<WriteResult>() {
                    @Override
                    public void completed(WriteResult result) {
                        connection.closeSilently();
                    }

                    @Override
                    public void failed(Throwable error) {
                        connection.closeSilently();
                    }
                });
        return ctx.getStopAction();
    }

    /** The TCP connection whose handshake this thread is processing, or null; cleared. */
    Connection<?> take() {
        Connection<?> connection = handshaking.get();
        handshaking.remove();
        return connection;
    }
}
