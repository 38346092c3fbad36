package dev.switchboard;

import dev.switchboard.backend.EchoGenerator;
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
     * Ends every reply with reason {@code shutdown}, closes every connection with 1001 and releases the
     * port. Safe to call twice, and before {@link #start}.
     */
    public void stop() {
        lock.lock();
        try {
            accepting = false;
            stopped = true;
            if (running != null) {
                running.close(Duration.ofSeconds(1));
                running = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs the server from the command line; see {@code --help}. Exit code 2 for a bad setting. */
    public static void main(String[] args) {
        ServerCommand command = new ServerCommand();
        CommandLine cli = new CommandLine(command);
        try {
            Integer helpExit = CommandLine.executeHelpRequest(cli.parseArgs(args));
            if (helpExit != null) {
                System.exit(helpExit);
            }
        } catch (CommandLine.ParameterException e) {
            fail(e.getMessage());
        }
        Switchboard server;
        try {
            server = create(cfg -> command.applyTo(cfg)).start();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            fail(e.getMessage());
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "switchboard-shutdown"));
        System.out.printf("Switchboard listening on http://%s:%d/ (WebSocket at /ws)%n",
                server.config().network().host(), server.port());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void fail(String message) {
        new PrintWriter(System.err, true).println("switchboard: " + message + " (see --help)");
        System.exit(2);
    }

    /** Everything a started server owns; built by {@link #start}, torn down by {@link #stop}. */
    private static final class Running {
        final ScheduledThreadPoolExecutor timers;
        final SwitchboardMetrics metrics = new SwitchboardMetrics();
        final Scheduler scheduler;
        final SessionRegistry sessions;
        final TransportServer transport;

        Running(SwitchboardConfig config, java.util.function.BooleanSupplier accepting) {
            ThreadFactory timerThreads = Thread.ofPlatform().name("switchboard-timer-", 0).daemon().factory();
            timers = new ScheduledThreadPoolExecutor(Math.max(1, Runtime.getRuntime().availableProcessors()),
                    timerThreads);
            timers.setRemoveOnCancelPolicy(true);
            Generator generator = config.generator() != null ? config.generator()
                    : new EchoGenerator(timers, config.generation().echoDelay());
            scheduler = new Scheduler(Math.min(config.generation().maxConcurrent(), generator.concurrencyLimit()),
                    config.generation().globalQueueSize());
            GenerationRunner runner = new GenerationRunner(generator, scheduler, timers,
                    config.generation().timeout(), config.generation().tokenIdleTimeout());
            sessions = new SessionRegistry(runner, scheduler, config.sessions().queueSize(),
                    config.sessions().eventLogSize(), config.sessions().maxSessions(), config.sessions().idleTtl(),
                    config.ticker(), metrics);
            CaffeineCacheMetrics.monitor(metrics.registry(), sessions.cache(), "sessions");
            metrics.gauge("switchboard.sessions", "Sessions held", sessions::size);
            metrics.gauge("switchboard.generations.active", "Generations running", scheduler::running);
            metrics.gauge("switchboard.generations.queued", "Generations waiting for a slot", scheduler::queued);
            transport = new TransportServer(config, sessions, generator, timers, metrics, accepting);
        }

        void close(Duration grace) {
            sessions.closeAll();
            transport.stop(grace);
            timers.shutdownNow();
            metrics.close();
        }
    }
}
