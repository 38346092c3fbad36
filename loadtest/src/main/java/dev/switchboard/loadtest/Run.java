package dev.switchboard.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * One load test from ramp to report: starts the users evenly over the ramp, lets them run for the
 * duration, stops new prompts, waits up to the grace period for replies in flight, then judges.
 *
 * <p>Concurrency: users run on the client's event loops and the timer pool; what they share here is
 * atomic or concurrent. {@link #execute} runs on the caller's thread and blocks until the end; its
 * steps ({@link #start} to {@link #result}), which a scenario in phases calls itself, run on one
 * driving thread, which alone touches the fields they set.
 */
final class Run {

    /** Problems printed in full; the rest are only counted. */
    private static final int PRINTED = 20;

    private final RunConfig config;
    private final Stats stats = new Stats();
    private final Prompts prompts;
    private final WsClient client;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("loadtest-timer-", 0).daemon().factory());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> printed = new ConcurrentLinkedQueue<>();
    private final List<Timeline.Point> timeline = new ArrayList<>();
    private volatile boolean stopping;
    // set by the steps below, on the driving thread only
    private List<SimUser> users = List.of();
    private long begin;
    private long cpuAtBegin;
    private long tokensAtStop;
    private double seconds;
    private double cpuSeconds;

    Run(RunConfig config) {
        this.config = config;
        this.prompts = new Prompts(config.tokens(), config.seed());
        this.client = new WsClient(config.url(), config.ioThreads(), config.io());
    }

    RunConfig config() {
        return config;
    }

    Stats stats() {
        return stats;
    }

    Prompts prompts() {
        return prompts;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    WsClient client() {
        return client;
    }

    boolean stopping() {
        return stopping;
    }

    void startedPrompt() {
        inFlight.incrementAndGet();
        stats.prompts.increment();
    }

    void finishedPrompt() {
        inFlight.decrementAndGet();
    }

    /** Counts a user's problems and keeps the first few for printing. */
    void problems(int user, List<StreamVerdict.Problem> problems) {
        for (StreamVerdict.Problem p : problems) {
            stats.failures.increment();
            if (printed.size() < PRINTED) {
                printed.add("user " + user + ": " + p.kind() + " " + p.detail());
            }
        }
    }

    /** Runs the whole test; {@code progress} gets a line a second. */
    Result execute(Consumer<String> progress) throws InterruptedException {
        ProgressPrinter printer = start(progress, from -> new ProgressPrinter(this, from, progress, timeline::add));
        printer.runUntil(rampEnd() + config.duration().toNanos(), () -> false);
        stopPrompting();
        awaitReplies(printer);
        finishUsers();
        return result(config.duration());
    }

    /**
     * Creates the users and schedules their connects evenly over the ramp, from now; {@code printer}
     * makes the progress printer from the run's start. The first step of a run; a scenario in phases
     * drives the same steps itself.
     */
    ProgressPrinter start(Consumer<String> progress, LongFunction<ProgressPrinter> printer) {
        users = createUsers();
        progress.accept("client: netty " + client.transport());
        begin = System.nanoTime();
        cpuAtBegin = OwnCpu.nanos();
        long rampNanos = config.ramp().toNanos();
        for (int i = 0; i < users.size(); i++) {
            SimUser user = users.get(i);
            long at = users.size() == 1 ? 0 : rampNanos * i / (users.size() - 1);
            timers.schedule(user::start, at, TimeUnit.NANOSECONDS);
        }
        return printer.apply(begin);
    }

    /** When the ramp ends, on {@link System#nanoTime}'s clock. */
    long rampEnd() {
        return begin + config.ramp().toNanos();
    }

    /** Stops new prompts: idle users close now, the rest after the reply in flight. */
    void stopPrompting() {
        stopping = true;
        tokensAtStop = stats.tokens.sum();
        users.forEach(SimUser::stop);
    }

    /** Waits up to the grace period for the replies in flight, ticking {@code printer}. */
    void awaitReplies(ProgressPrinter printer) throws InterruptedException {
        long graceEnd = System.nanoTime() + config.grace().toNanos();
        printer.runUntil(graceEnd, () -> inFlight.get() <= 0);
    }

    /** The users, once {@link #start} made them. */
    List<SimUser> users() {
        return users;
    }

    /** The run is over for the users: unfinished prompts are lost; each closes and reports. */
    void finishUsers() {
        users.forEach(SimUser::finish);
        seconds = (System.nanoTime() - begin) / 1e9;
        long cpuAtEnd = OwnCpu.nanos();
        cpuSeconds = cpuAtBegin < 0 || cpuAtEnd < 0 ? -1 : (cpuAtEnd - cpuAtBegin) / 1e9;
    }

    /**
     * The last step: stops the timers and the client, and judges.
     *
     * @param prompted how long the users prompted after the ramp, for the paced tokens
     */
    Result result(Duration prompted) {
        timers.shutdownNow();
        client.close(); // after the close frames that finish() queued have gone out
        return Result.of(config, stats, timeline, List.copyOf(printed), seconds, cpuSeconds,
                expectedTokens(users.size(), prompted), tokensAtStop);
    }

    /** The timeline's points so far (the progress printer of a run adds to it). */
    List<Timeline.Point> timeline() {
        return timeline;
    }

    /**
     * Tokens the prompts' pacing allows from the start to the end of the duration, for "delivered"
     * (paced scenarios only); the replies that finish in the grace period after it are not counted.
     */
    private long expectedTokens(int userCount, Duration prompted) {
        boolean paced = switch (config.scenario()) {
            case STEADY, RESUME, SLOW, MULTIPLAYER, HOSTILE -> config.pacingMs() > 0;
            case BURST, CHURN, IDLE -> false;
        };
        if (!paced) {
            return 0;
        }
        // each user streams from its start (spread evenly over the ramp) to the end of the duration
        double activeSeconds = prompted.toMillis() / 1000.0 + config.ramp().toMillis() / 2000.0;
        return (long) (userCount * activeSeconds * 1000.0 / config.pacingMs());
    }

    private List<SimUser> createUsers() {
        List<SimUser> users = new ArrayList<>(config.users());
        SessionGroup group = null;
        for (int i = 0; i < config.users(); i++) {
            boolean shared = config.scenario() == Scenario.MULTIPLAYER;
            boolean leader = !shared || i % config.usersPerSession() == 0;
            if (leader) {
                group = new SessionGroup();
            }
            boolean special = (i % 100) < Math.round(config.share() * 100);
            boolean prompter = leader && config.scenario() != Scenario.IDLE;
            users.add(new SimUser(i, this, group, leader, prompter,
                    config.scenario() == Scenario.RESUME && special,
                    config.scenario() == Scenario.SLOW && special));
        }
        return users;
    }

    int inFlight() {
        return inFlight.get();
    }
}
