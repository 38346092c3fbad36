package dev.switchboard.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tyrus endpoint at {@code /ws}: one instance per server, a {@link Connection} per socket.
 *
 * <p>Concurrency: Tyrus calls these methods on Grizzly's selector threads; per-socket state lives in the
 * socket's {@link Connection}, kept in the socket's user properties. {@code open} is a concurrent set,
 * used for the connection gauge, the liveness sweep and closing everything at shutdown.
 */
public final class ChatEndpoint extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ChatEndpoint.class);
    private static final String KEY = Connection.class.getName();
    private static final String ADDRESS = InetAddress.class.getName();

    private final ConnectionContext ctx;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    ChatEndpoint(ConnectionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void onOpen(Session socket, EndpointConfig config) {
        org.glassfish.grizzly.Connection<?> tcp = ctx.upgrades().take();
        if (tcp == null) { // not through our UpgradeFilter: a wiring bug, never a client's doing
            LOG.error("WebSocket {} opened without its TCP connection; closing it", socket.getId());
            try {
                socket.close(CloseCodes.internal("server misconfigured"));
            } catch (java.io.IOException e) {
                // closing anyway
            }
            return;
        }
        InetAddress address = tcp.getPeerAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        Connection connection = new Connection(socket, tcp, address, ctx);
        socket.getUserProperties().put(KEY, connection); // so that onClose cleans up whatever happens next
        open.add(connection); // and so that the sweep drops it if it is closed below and never answers
        ctx.frameLimits().watch(tcp, connection.inbound());
        if (!ctx.addresses().acquire(address)) {
            connection.close(CloseCodes.policy("too many connections from your address"));
            return;
        }
        socket.getUserProperties().put(ADDRESS, address);
        // no session limit here: it applies at hello, to new sessions only, so a resume is never refused
        socket.addMessageHandler(String.class, connection::onText);
        socket.addMessageHandler(ByteBuffer.class, data -> connection.onBinary());
        socket.addMessageHandler(PongMessage.class, pong -> connection.onPong());
        LOG.debug("connection {} open from {}", connection.id(), address == null ? "?" : address.getHostAddress());
    }

    @Override
    public void onClose(Session socket, CloseReason reason) {
        if (socket.getUserProperties().remove(ADDRESS) instanceof InetAddress address) {
            ctx.addresses().release(address);
        }
        if (socket.getUserProperties().remove(KEY) instanceof Connection connection) {
            open.remove(connection);
            connection.onClose(reason);
        }
    }

    @Override
    public void onError(Session socket, Throwable error) {
        // Tyrus reports I/O failures of a socket here (ours are caught in Connection.onText)
        LOG.debug("socket error on {}: {}", socket.getId(), error.toString());
    }

    /** Open connections now. */
    int openConnections() {
        return open.size();
    }

    /**
     * Checks every open connection's deadlines (runs on a timer): hello, ping and pong, a stalled
     * reader, the TCP drop after a close.
     */
    void sweep() {
        long now = ctx.clock().read();
        for (Connection c : open) {
            try {
                c.sweep(now);
            } catch (RuntimeException e) {
                // a periodic task that throws is never run again: one connection's bug must not end
                // every connection's deadlines
                LOG.error("connection {}: its sweep failed", c.id(), e);
            }
        }
    }

    /** Closes every open connection with {@code reason} (shutdown). */
    void closeAll(CloseReason reason) {
        for (Connection c : open) {
            c.close(reason);
        }
    }
}
