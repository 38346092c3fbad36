package dev.switchboard.transport;

import dev.switchboard.config.SweepPeriod;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.generation.Generator;
import dev.switchboard.metrics.SwitchboardMetrics;
import dev.switchboard.security.AddressLimiter;
import dev.switchboard.security.AddressSessionLimiter;
import dev.switchboard.security.OriginPolicy;
import dev.switchboard.security.TokenVerifier;
import dev.switchboard.session.SessionStore;
import io.micrometer.core.instrument.Counter;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

/**
 * One port for everything: a Grizzly {@link HttpServer} built here, with Tyrus attached through its
 * public {@link WebSocketAddOn} for {@code /ws}, and {@link HttpRoutes} for the rest.
 *
 * <p>Concurrency: {@link #start} and {@link #stop} are called by {@code Switchboard} under its own
 * lock; everything else runs on Grizzly's threads.
 */
public final class TransportServer {

    private static final int LONGEST_HEADER = 14;

    private final SwitchboardConfig config;
    private final HttpServer http = new HttpServer();
    private final NetworkListener listener;
    private final ChatEndpoint endpoint;
    private final TyrusContainer tyrus;
    private final ScheduledExecutorService timers;
    private final Duration sweepPeriod;
    private ScheduledFuture<?> sweep;

    /**
     * @param timers runs the connections' sweep
     * @param accepting false while draining: {@code /readyz} says 503 and prompts get
     *     {@code shutting_down}
     */
    public TransportServer(SwitchboardConfig config, SessionStore store, Generator generator,
                           ScheduledExecutorService timers, SwitchboardMetrics metrics, BooleanSupplier accepting) {
        this.config = config;
        int maxFrame = config.network().maxFrameBytes();
        // FrameLimitFilter refuses any frame or message over maxFrame at its header, so Tyrus's limits
        // (which close with 1011, or drop TCP while the rest still arrives) are never reached: its read
        // buffer holds at most a partial frame plus one chunk of a read, and a message at most maxFrame.
        this.tyrus = new TyrusContainer(maxFrame + LONGEST_HEADER + FrameLimitFilter.CHUNK);
        tyrus.setDefaultMaxTextMessageBufferSize(maxFrame + LONGEST_HEADER);
        tyrus.setDefaultMaxBinaryMessageBufferSize(maxFrame + LONGEST_HEADER);

        UpgradeFilter upgrades = new UpgradeFilter(new OriginPolicy(config.security()));
        FrameLimitFilter frameLimits = new FrameLimitFilter(config.ticker());
        Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, metrics.counter("switchboard.errors", "Error frames sent, by code", "code", code.wire()));
        }
        OutboxCounters counters = new OutboxCounters(
                metrics.hotCounter("switchboard.frames.sent", "Frames written to sockets"),
                metrics.hotCounter("switchboard.tokens.sent", "Token events handed to connections"),
                metrics.hotCounter("switchboard.outbox.merged", "Token events merged into an earlier frame"),
                metrics.hotCounter("switchboard.slow.consumers.closed", "Connections closed for not keeping up"),
                metrics.hotCounter("switchboard.slow.consumers.behind",
                        "Times a connection fell behind and read its session's events from the log"));
        OutboxLimits limits = new OutboxLimits(config.outbox().maxInFlight(), config.outbox().maxPending(),
                config.outbox().maxBytes(), config.outbox().slowConsumerTimeout().toNanos());
        String secret = config.security().jwtSecret();
        Duration closeGrace = Duration.ofSeconds(5);
        ConnectionContext ctx = new ConnectionContext(store, generator, config.ticker(),
                config.network().helloTimeout(), maxFrame, closeGrace, limits, counters, errors, accepting, upgrades,
                frameLimits, config.network().frameTimeout(),
                new AddressSessionLimiter(config.limits(), config.security().limitLoopback()),
                config.sessions().maxConnectionsPerSession(), config.limits(),
                secret == null ? null : new TokenVerifier(secret),
                new AddressLimiter(config.security().maxConnectionsPerAddress(), config.security().limitLoopback()),
                config.network().pingInterval(), config.network().pingTimeout());
        this.timers = timers;
        this.sweepPeriod = SweepPeriod.of(config.network().helloTimeout(), config.network().frameTimeout(),
                config.network().pingInterval(),
                config.network().pingTimeout(), config.outbox().slowConsumerTimeout(), closeGrace);
        this.endpoint = new ChatEndpoint(ctx);
        metrics.gauge("switchboard.connections", "Open WebSocket connections", endpoint::openConnections);

        this.listener = new NetworkListener("switchboard", config.network().host(), config.network().port());
        listener.getTransport().setIOStrategy(org.glassfish.grizzly.strategies.SameThreadIOStrategy.getInstance());
        listener.getKeepAlive().setIdleTimeoutInSeconds(
                (int) Math.max(1, config.network().httpIdleTimeout().toSeconds()));
        listener.registerAddOn(before(upgrades, frameLimits)); // first, so they run just before Tyrus's filter
        listener.registerAddOn(new WebSocketAddOn(tyrus, "/"));
        http.addListener(listener);
        http.getServerConfiguration().addHttpHandler(new HttpRoutes(accepting, metrics::scrape), "/");
        http.getServerConfiguration().setJmxEnabled(false);
    }

    /** Binds the port and starts serving. */
    public void start() throws IOException {
        ServerEndpointConfig wsConfig = ServerEndpointConfig.Builder.create(ChatEndpoint.class, "/ws")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(endpoint);
                    }

                }).build();
        try {
            tyrus.register(wsConfig);
        } catch (DeploymentException e) {
            throw new IOException("cannot deploy the WebSocket endpoint", e);
        }
        http.start();
        long period = sweepPeriod.toNanos();
        sweep = timers.scheduleAtFixedRate(endpoint::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    /** The bound port. */
    public int port() {
        return listener.getPort();
    }

    /**
     * Closes every WebSocket with 1001, gives the close frames up to {@code grace} to go out, and
     * stops listening.
     */
    public void stop(Duration grace) {
        if (sweep != null) {
            sweep.cancel(false);
        }
        endpoint.closeAll(CloseCodes.goingAway("server stopping"));
        long deadline = System.nanoTime() + grace.toNanos();
        while (endpoint.openConnections() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        http.shutdownNow();
        tyrus.stop();
    }

    private static AddOn before(UpgradeFilter upgrades, FrameLimitFilter frameLimits) {
        return (networkListener, builder) -> {
            int index = builder.indexOfType(HttpServerFilter.class);
            if (index >= 0) {
                builder.add(index, frameLimits);
                builder.add(index, upgrades);
            }
        };
    }
}
