package dev.switchboard.transport;

import org.glassfish.grizzly.Connection;
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
 *   <li>It turns Grizzly's keep-alive idle timeout off for that connection only: the timeout is right
 *       for HTTP, but it would kill a WebSocket that is quiet for 30 s. Liveness of WebSockets is the
 *       server's own business.</li>
 *   <li>It hands the TCP connection and the {@code Host} header to the origin check and to the
 *       endpoint's {@code onOpen}, which Tyrus runs on this same thread during the handshake: the
 *       origin check needs the host, and a socket whose peer never answers a close frame can still
 *       be dropped.</li>
 * </ul>
 *
 * <p>Concurrency: the handoff is a thread-local of this instance, set and cleared within one
 * filter-chain pass on one Grizzly worker thread.
 */
final class UpgradeFilter extends BaseFilter {

    /** What the endpoint needs from the handshake request that Tyrus does not pass on. */
    record Handshake(Connection<?> tcp, String host) {
    }

    private final ThreadLocal<Handshake> handshaking = new ThreadLocal<>();
    private final Attribute<Boolean> seen = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
            UpgradeFilter.class.getName() + ".seen");

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        if (ctx.getMessage() instanceof HttpContent content) {
            HttpHeader header = content.getHttpHeader();
            Connection<?> connection = ctx.getConnection();
            if (header.isRequest() && "websocket".equalsIgnoreCase(header.getUpgrade())
                    && seen.get(connection) == null) {
                seen.set(connection, Boolean.TRUE); // later frames of this socket pass straight on
                IdleTimeoutFilter.setCustomTimeout(connection, -1, java.util.concurrent.TimeUnit.MILLISECONDS);
                handshaking.set(new Handshake(connection, header.getHeader("Host")));
                ctx.addCompletionListener(c -> handshaking.remove());
            }
        }
        return ctx.getInvokeAction();
    }

    /** The handshake this thread is processing, or null; it stays for {@link #take}. */
    Handshake current() {
        return handshaking.get();
    }

    /** The handshake this thread is processing, or null; cleared. */
    Handshake take() {
        Handshake handshake = handshaking.get();
        handshaking.remove();
        return handshake;
    }
}
