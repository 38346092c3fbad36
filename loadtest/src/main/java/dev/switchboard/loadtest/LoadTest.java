package dev.switchboard.loadtest;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load tester's command line: simulated chat users against a Switchboard server, a progress line
 * a second, a JSON result and an HTML report, and a verdict on cross-talk and loss. Exit code 0 when
 * every byte reached its owner, 1 when any did not, 2 for bad arguments.
 */
@Command(name = "switchboard-loadtest", mixinStandardHelpOptions = true, sortOptions = false,
        version = "Switchboard load tester 0.1.0",
        description = "Simulated chat users against a Switchboard server, for a bounded time (aim it only at servers you run).%n"
                + "Every reply is checked: the user's own prompt (a nonce in each), whole, in seq order.%n",
        footer = "%nDurations are written like 500ms, 20s or 2m. Exit code: 0 pass, 1 cross-talk or loss, 2 usage.")
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
            description = "Time to run after the ramp. Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--delay-ms", defaultValue = "50", description = "Pause per token each prompt asks for (echo delayMs)."
            + " Default: ${DEFAULT-VALUE}")
    int delayMs;

    @Option(names = "--tokens", defaultValue = "40", description = "Tokens per reply. Default: ${DEFAULT-VALUE}")
    int tokens;

    @Option(names = "--scenario", defaultValue = "steady",
            description = "steady, burst, churn, resume, slow, multiplayer or idle. Default: ${DEFAULT-VALUE}")
    String scenario;

    @Option(names = "--share", defaultValue = "0.1",
            description = "Share of users that drop and resume (resume) or stop reading (slow). Default: ${DEFAULT-VALUE}")
    double share;

    @Option(names = "--users-per-session", defaultValue = "4",
            description = "Users sharing a session (multiplayer). Default: ${DEFAULT-VALUE}")
    int usersPerSession;

    @Option(names = "--grace", defaultValue = "15s", converter = Durations.class,
            description = "Time allowed at the end for replies in flight. Default: ${DEFAULT-VALUE}")
    Duration grace;

    @Option(names = "--warmup", defaultValue = "0s", converter = Durations.class,
            description = "Unmeasured load first, in this process, so that its JIT has compiled the hot paths before"
                    + " the figures start: the same scenario and pacing with --warmup-users users, ramped up in at most"
                    + " 5s. A line 'warm-up done' follows it. Default: ${DEFAULT-VALUE}")
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
                    + "multiplayer, idle; got " + scenario);
        }
        RunConfig config = new RunConfig(url, users, ramp, duration, delayMs, tokens, s, share, usersPerSession, grace,
                System.nanoTime(), ioThreads == 0 ? WsClient.defaultLoops(users) : ioThreads, ClientIo.parse(io),
                warmup, warmupUsers == 0 ? Math.min(users, MAX_DEFAULT_WARM_UP_USERS) : warmupUsers);
        OwnPauses.warning(OwnPauses.collectors()).ifPresent(w -> System.err.println("switchboard-loadtest: " + w));
        if (!warmup.isZero() && !warmUp(config.warmUpRun())) {
            return 1;
        }
        Result result = new Run(config).execute(quiet ? line -> { } : System.out::println);
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
