package dev.switchboard.loadtest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load tester's command line: simulated chat users against a Switchboard server, a progress line
 * a second, a JSON result and an HTML report, and a verdict on cross-talk and loss (and, for the
 * hostile scenario, on how the users fared under attack: {@link HostileRun}). Exit code 0 when every
 * byte reached its owner and every check passed, 1 when not, 2 for bad arguments.
 */
@Command(name = "switchboard-loadtest", mixinStandardHelpOptions = true, sortOptions = false,
        version = "Switchboard load tester 0.1.0",
        description = "Simulated chat users against a Switchboard server, for a bounded time (aim it only at servers you run).%n"
                + "Every reply is checked: the user's own prompt (a nonce in each), whole, in seq order.%n",
        footer = "%nDurations are written like 500ms, 20s or 2m; sizes like 512KB, 256MB or 1GB (1MB = 1024 x 1024 bytes)."
                + "%n%nThe hostile scenario runs the steady users in two phases of --duration each: calm (the users"
                + " alone), then attack (the same users while --attackers connections from --attacker-address run a"
                + " catalogue of abuses: reply bursts, hello floods, huge histories, unfinished big frames, slow"
                + " readers, cancel and queue floods). It fails, besides on cross-talk and loss, when the attack"
                + " phase's p99 lateness is over --max-lateness, its worst stall over --max-stall, its TTFT p99 over"
                + " the calm one's plus --ttft-slack, when after the attack a new hello or a resume gets no welcome"
                + " within 5s, or when the server's heap (GET /metrics) stays over --max-heap-growth above calm."
                + "%n%nExit code: 0 pass, 1 cross-talk, loss or a failed hostile check, 2 usage.")
public final class LoadTest implements Callable<Integer> {

    /** Enough for the JIT to see every path of a scenario; more would only load the server. */
    static final int MAX_DEFAULT_WARM_UP_USERS = 1000;

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:8080/ws", description = "Server WebSocket URL. Default: ${DEFAULT-VALUE}")
    URI url;

    @Option(names = "--users", defaultValue = "100", description = "Simulated users. Default: ${DEFAULT-VALUE}")
    int users;

    @Option(names = "--ramp", defaultValue = "5s", converter = Durations.class,
            description = "Time over which users connect, evenly. Default: ${DEFAULT-VALUE}")
    Duration ramp;

    @Option(names = "--duration", defaultValue = "30s", converter = Durations.class,
            description = "Time to run after the ramp (hostile: each of its two phases). Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--delay-ms", defaultValue = "50", description = "Pause per token each prompt asks for (echo delayMs)."
            + " Default: ${DEFAULT-VALUE}")
    int delayMs;

    @Option(names = "--tokens", defaultValue = "40", description = "Tokens per reply. Default: ${DEFAULT-VALUE}")
    int tokens;

    @Option(names = "--scenario", defaultValue = "steady",
            description = "steady, burst, churn, resume, slow, multiplayer, idle or hostile (see below)."
                    + " Default: ${DEFAULT-VALUE}")
    String scenario;

    @Option(names = "--share", defaultValue = "0.1",
            description = "Share of users that drop and resume (resume) or stop reading (slow). Default: ${DEFAULT-VALUE}")
    double share;

    @Option(names = "--users-per-session", defaultValue = "4",
            description = "Users sharing a session (multiplayer). Default: ${DEFAULT-VALUE}")
    int usersPerSession;

    @Option(names = "--attackers", defaultValue = "20",
            description = "Attacker connections of the hostile scenario's attack phase, each running the abuses in"
                    + " turns of 5s, staggered so that with 6 or more every abuse runs at every moment."
                    + " Default: ${DEFAULT-VALUE}")
    int attackers;

    @Option(names = "--attacker-address", defaultValue = "127.0.0.2",
            description = "Local address the attackers' sockets bind (hostile), so that the server's per-address"
                    + " limits can tell them from the users. Default: ${DEFAULT-VALUE}")
    String attackerAddress;

    @Option(names = "--max-lateness", defaultValue = "50ms", converter = Durations.class,
            description = "Hostile: the attack phase's p99 token lateness at most. Default: ${DEFAULT-VALUE}")
    Duration maxLateness;

    @Option(names = "--max-stall", defaultValue = "250ms", converter = Durations.class,
            description = "Hostile: the attack phase's worst stall (largest gap between two tokens of one"
                    + " well-behaved reply) at most. Default: ${DEFAULT-VALUE}")
    Duration maxStall;

    @Option(names = "--ttft-slack", defaultValue = "100ms", converter = Durations.class,
            description = "Hostile: how much the attack phase's TTFT p99 may exceed the calm phase's."
                    + " Default: ${DEFAULT-VALUE}")
    Duration ttftSlack;

    @Option(names = "--max-heap-growth", defaultValue = "256MB", converter = Sizes.class,
            description = "Hostile: how far the server's lowest heap in the attack phase's last third may be above"
                    + " its highest in the calm phase (from jvm_memory_used_bytes at GET /metrics; skipped when not"
                    + " exposed). Default: ${DEFAULT-VALUE}")
    long maxHeapGrowth;

    @Option(names = "--grace", defaultValue = "15s", converter = Durations.class,
            description = "Time allowed at the end for replies in flight. Default: ${DEFAULT-VALUE}")
    Duration grace;

    @Option(names = "--warmup", defaultValue = "0s", converter = Durations.class,
            description = "Unmeasured load first, in this process, so that its JIT has compiled the hot paths before"
                    + " the figures start: the same scenario and pacing with --warmup-users users, ramped up in at most"
                    + " 5s (hostile: its users, without attackers). A line 'warm-up done' follows it."
                    + " Default: ${DEFAULT-VALUE}")
    Duration warmup;

    @Option(names = "--warmup-users", defaultValue = "0",
            description = "Users of the warm-up; 0: as many as --users, at most " + MAX_DEFAULT_WARM_UP_USERS
                    + ". Default: ${DEFAULT-VALUE}")
    int warmupUsers;

    @Option(names = "--io-threads", defaultValue = "0",
            description = "Client event-loop threads; 0 picks one per " + WsClient.USERS_PER_LOOP
                    + " users, at most " + WsClient.MAX_DEFAULT_LOOPS + " (the server shares the cores)."
                    + " Default: ${DEFAULT-VALUE}")
    int ioThreads;

    @Option(names = "--io", defaultValue = "auto",
            description = "How the client's event loops reach the kernel: auto (io_uring, else epoll, else nio),"
                    + " io_uring, epoll or nio. Default: ${DEFAULT-VALUE}")
    String io;

    @Option(names = "--out", defaultValue = "loadtest-result",
            description = "Where to write result.json and report.html. Default: ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new LoadTest());
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("switchboard-loadtest: " + e.getMessage() + " (see --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("switchboard-loadtest: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Scenario s;
        try {
            s = Scenario.valueOf(scenario.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--scenario must be one of steady, burst, churn, resume, slow, "
                    + "multiplayer, idle, hostile; got " + scenario);
        }
        RunConfig config = new RunConfig(url, users, ramp, duration, delayMs, tokens, s, share, usersPerSession, grace,
                System.nanoTime(), ioThreads == 0 ? WsClient.defaultLoops(users) : ioThreads, ClientIo.parse(io),
                warmup, warmupUsers == 0 ? Math.min(users, MAX_DEFAULT_WARM_UP_USERS) : warmupUsers);
        Optional<HostileConfig> hostile = s == Scenario.HOSTILE ? Optional.of(hostileConfig()) : Optional.empty();
        OwnPauses.warning(OwnPauses.collectors()).ifPresent(w -> System.err.println("switchboard-loadtest: " + w));
        if (!warmup.isZero() && !warmUp(config.warmUpRun())) {
            return 1;
        }
        Consumer<String> progress = quiet ? line -> { } : System.out::println;
        Result result = hostile.isPresent() ? new HostileRun(config, hostile.get()).execute(progress)
                : new Run(config).execute(progress);
        Files.createDirectories(out);
        Files.writeString(out.resolve("result.json"), result.toJson(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("report.html"), HtmlReport.render(result), StandardCharsets.UTF_8);
        System.out.println(result.toJson());
        result.problems().forEach(p -> System.err.println("FAILURE " + p));
        System.out.println((result.failures() == 0 ? "PASS" : "FAIL: " + result.failures() + " failures")
                + "; report: " + out.resolve("report.html"));
        return result.failures() == 0 ? 0 : 1;
    }

    /**
     * Runs the warm-up and forgets its figures, but not its verdict: a foreign or lost byte fails the
     * whole test, warm-up or not. Prints "warm-up done" (even with --quiet: a script that measures the
     * server around this process waits for it).
     *
     * @return whether every byte of the warm-up reached its owner
     */
    private boolean warmUp(RunConfig warm) throws InterruptedException {
        Result result = new Run(warm).execute(quiet ? line -> { } : line -> System.out.println("warm-up: " + line));
        result.problems().forEach(p -> System.err.println("FAILURE (warm-up) " + p));
        if (result.failures() > 0) {
            System.out.println("FAIL: " + result.failures() + " failures in the warm-up; no measured run");
            return false;
        }
        System.out.println("warm-up done");
        return true;
    }

    private HostileConfig hostileConfig() {
        InetAddress address;
        try {
            // a literal only (getByName looks nothing up for one): a name could resolve anywhere
            if (!attackerAddress.matches("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                throw new UnknownHostException(attackerAddress);
            }
            address = InetAddress.getByName(attackerAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--attacker-address must be an IP address, got " + attackerAddress);
        }
        return new HostileConfig(attackers, address, maxLateness, maxStall, ttftSlack, maxHeapGrowth);
    }

    /** Reads {@code 512KB}, {@code 256MB}, {@code 1GB} (binary multiples, as the JVM's options) or plain bytes. */
    static final class Sizes implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String v) {
            String s = v.trim().toUpperCase(Locale.ROOT);
            long unit = 1;
            for (String[] u : new String[][] {{"KB", "10"}, {"MB", "20"}, {"GB", "30"}, {"B", "0"}}) {
                if (s.endsWith(u[0])) {
                    unit = 1L << Integer.parseInt(u[1]);
                    s = s.substring(0, s.length() - u[0].length()).trim();
                    break;
                }
            }
            try {
                double n = Double.parseDouble(s);
                if (n >= 0 && n * unit < Long.MAX_VALUE) {
                    return (long) (n * unit);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + v + "' is not a size like 512KB, 256MB or 1GB");
        }
    }

    /** Reads {@code 500ms}, {@code 20s}, {@code 2m}. */
    static final class Durations implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            try {
                if (s.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
                }
                if (s.endsWith("s")) {
                    return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
                }
                if (s.endsWith("m")) {
                    return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + v + "' is not a duration like 500ms, 20s or 2m");
        }
    }
}
