package dev.switchboard.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Tyrus endpoint at {@code /ws}: one instance per server, a {@link Connection} per socket.
 *
 * <p>Concurrency: Tyrus calls these methods on Grizzly worker threads; per-socket state lives in the
 * socket's {@link Connection}, kept in the socket's user properties. {@code open} is a concurrent set,
 * used for the connection gauge and for closing everything at shutdown.
 */
public final class ChatEndpoint extends Endpoint {

    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());
    private static final String KEY = Connection.class.getName();

    private final ConnectionContext ctx;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    ChatEndpoint(ConnectionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void onOpen(Session socket, EndpointConfig config) {
        Connection connection = new Connection(socket, ctx.upgrades().take(), ctx);
        socket.getUserProperties().put(KEY, connection);
        open.add(connection);
        socket.addMessageHandler(String.class, connection::onText);
        socket.addMessageHandler(ByteBuffer.class, data -> connection.onBinary(data.remaining()));
    }

    @Override
    public void onClose(Session socket, CloseReason reason) {
        if (socket.getUserProperties().remove(KEY) instanceof Connection connection) {
            open.remove(connection);
            connection.onClose();
        }
    }

    @Override
    public void onError(Session socket, Throwable error) {
        LOG.log(Level.FINE, "socket error", error);
    }

    /** Open connections now. */
    int openConnections() {
        return open.size();
    }

    /** Closes every open connection with {@code reason} (shutdown). */
    void closeAll(CloseReason reason) {
        for (Connection c : open) {
            c.close(reason);
        }
    }
}
