package dev.switchboard;

import dev.switchboard.backend.EchoGenerator;
import dev.switchboard.backend.Pacer;
import dev.switchboard.config.ServerCommand;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.generation.Generator;
import dev.switchboard.generation.GenerationRunner;
import dev.switchboard.generation.Scheduler;
import dev.switchboard.metrics.SwitchboardMetrics;
import dev.switchboard.session.SessionRegistry;
import dev.switchboard.transport.TransportServer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * A Switchboard server: WebSocket chat sessions that stream generated replies to every attached
 * connection. Embed it like this:
 *
 * <pre>{@code
 * Switchboard server = Switchboard.create(cfg -> cfg.port(0)).start();
 * int port = server.port();   // the bound port
 * server.stop();              // safe to call twice
 * }</pre>
 *
 * <p>Concurrency: {@link #start} and {@link #stop} may be called from any thread (no event loop
 * needs to be "current"); {@code lock} makes them take effect once each, in order.
 */
public final class Switchboard {

    private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);

    private final SwitchboardConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean accepting;
    private Running running; // guarded by lock
    private boolean stopped; // guarded by lock

    private Switchboard(SwitchboardConfig config) {
        this.config = config;
    }

    /**
     * A server configured by {@code configure}, not yet started.
     *
     * @throws IllegalArgumentException naming a bad setting
     */
    public static Switchboard create(Consumer<SwitchboardConfig.Builder> configure) {
        SwitchboardConfig.Builder builder = SwitchboardConfig.builder();
        configure.accept(builder);
        return new Switchboard(builder.build());
    }

    /** A server with this configuration, not yet started. */
    public static Switchboard create(SwitchboardConfig config) {
        return new Switchboard(config);
    }

    /**
     * Binds the port and starts serving.
     *
     * @return this
     * @throws UncheckedIOException when the port cannot be bound
     * @throws IllegalStateException when already started or stopped
     */
    public Switchboard start() {
        lock.lock();
        try {
            if (running != null || stopped) {
                throw new IllegalStateException("a Switchboard starts once");
            }
            Running r = new Running(config, () -> accepting);
            try {
                r.transport.start();
            } catch (IOException e) {
                r.close(Duration.ZERO);
                throw new UncheckedIOException("cannot listen on " + config.network().host() + ":"
                        + config.network().port() + ": " + e.getMessage(), e);
            }
            running = r;
            accepting = true;
            return this;
        } finally {
            lock.unlock();
        }
    }

    /** The bound port (the real one when configured with port 0). */
    public int port() {
        lock.lock();
        try {
            if (running == null) {
                throw new IllegalStateException("not started");
            }
            return running.transport.port();
        } finally {
            lock.unlock();
        }
    }

    /** The configuration in force. */
    public SwitchboardConfig config() {
        return config;
    }

    /**
     * Stops gracefully: {@code /readyz} turns 503 and new prompts get {@code shutting_down} at once;
     * replies already accepted get up to the drain timeout to finish; the rest end with reason
     * {@code shutdown}; every connection is closed with 1001 and the port is released. Blocks until
     * done. Safe to call twice, and before {@link #start}.
     */
    public void stop() {
        lock.lock();
        try {
            accepting = false;
            stopped = true;
            if (running != null) {
                running.close(config.generation().drainTimeout());
                running = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the server from the command line; see {@code --help}. Exit code 2 for a bad setting; 0
     * after SIGTERM once the server has drained and stopped.
     */
    public static void main(String[] args) {
        ServerCommand command;
        Switchboard server;
        try {
            command = ServerCommand.parse(args, System.getenv());
            if (command.helpRequested()) {
                command.printHelp();
                System.exit(0);
            }
            Logging.configure(command.logLevel());
            server = create(command::applyTo).start();
        } catch (CommandLine.ParameterException | IllegalArgumentException | UncheckedIOException e) {
            new PrintWriter(System.err, true).println("switchboard: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            Runtime.getRuntime().halt(0); // a drained, orderly stop on SIGTERM is a success
        }, "switchboard-shutdown"));
        LOG.info("Switchboard listening on http://{}:{}/ (WebSocket at /ws, {} generator)",
                server.config().network().host(), server.port(),
                server.config().generator() == null ? "echo" : server.config().generator().getClass().getSimpleName());
        try {
            new CountDownLatch(1).await(); // the shutdown hook ends the process
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Everything a started server owns; built by {@link #start}, torn down by {@link #stop}. */
    private static final class Running {
        final ScheduledThreadPoolExecutor timers;
        final Pacer pacer; // the echo's, when no other generator is configured
        final SwitchboardMetrics metrics = new SwitchboardMetrics();
        final Scheduler scheduler;
        final SessionRegistry sessions;
        final TransportServer transport;
        final Generator generator;

        Running(SwitchboardConfig config, java.util.function.BooleanSupplier accepting) {
            ThreadFactory timerThreads = Thread.ofPlatform().name("switchboard-timer-", 0).daemon().factory();
            timers = new ScheduledThreadPoolExecutor(Math.max(1, Runtime.getRuntime().availableProcessors()),
                    timerThreads);
            timers.setRemoveOnCancelPolicy(true);
            pacer = config.generator() != null ? null : new Pacer(Runtime.getRuntime().availableProcessors());
            generator = pacer == null ? config.generator()
                    : new EchoGenerator(pacer, config.generation().echoDelay());
            scheduler = new Scheduler(Math.min(config.generation().maxConcurrent(), generator.concurrencyLimit()),
                    config.generation().globalQueueSize(), timers);
            GenerationRunner runner = new GenerationRunner(generator, scheduler, timers, config.ticker(),
                    config.generation().timeout(), config.generation().tokenIdleTimeout());
            sessions = new SessionRegistry(runner, scheduler, config.sessions(), config.ticker(), metrics);
            CaffeineCacheMetrics.monitor(metrics.registry(), sessions.cache(), "sessions");
            metrics.gauge("switchboard.sessions", "Sessions held", sessions::size);
            metrics.gauge("switchboard.generations.active", "Generations running", scheduler::running);
            metrics.gauge("switchboard.generations.queued", "Generations waiting for a slot", scheduler::queued);
            transport = new TransportServer(config, sessions, generator, timers, metrics, accepting);
        }

        void close(Duration drain) {
            long deadline = System.nanoTime() + drain.toNanos();
            if (scheduler.running() + scheduler.queued() > 0) {
                LOG.info("stopping: draining {} running and {} queued generations for up to {} ms",
                        scheduler.running(), scheduler.queued(), drain.toMillis());
            }
            while (scheduler.running() + scheduler.queued() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            sessions.closeAll();
            try {
                generator.close();
            } catch (RuntimeException e) {
                LOG.warn("the generator failed to close", e);
            }
            transport.stop(Duration.ofSeconds(1));
            timers.shutdownNow();
            if (pacer != null) {
                pacer.close();
            }
            metrics.close();
            LOG.info("stopped");
        }
    }
}
