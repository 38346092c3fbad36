package dev.switchboard.transport;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * A Tyrus server container that owns no HTTP server: {@link TransportServer} builds the Grizzly
 * server and plugs this container in with Tyrus's public {@code WebSocketAddOn}, so WebSockets and
 * plain HTTP share one port.
 *
 * <p>Concurrency: configured before the server starts; Tyrus's engine is thread-safe after that.
 */
final class TyrusContainer extends TyrusServerContainer {

    private final WebSocketEngine engine;

    /**
     * @param incomingBufferSize the largest frame Tyrus will buffer; larger frames close with 1011
     *     inside Tyrus, so it is kept above the protocol's own frame limit, which closes with 1009
     */
    TyrusContainer(int incomingBufferSize) {
        super((Set<Class<?>>) null);
        this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
        // Tyrus's idle timer is re-armed on every frame sent or received; -1 switches it off.
        setDefaultMaxSessionIdleTimeout(-1);
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, "/");
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, "/");
    }

    @Override
    public java.util.Map<String, Object> getProperties() {
        return java.util.Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
