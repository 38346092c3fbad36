package dev.switchboard.config;

import dev.switchboard.backend.OpenAiConfig;
import dev.switchboard.backend.OpenAiGenerator;
import dev.switchboard.generation.Generator;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of the runnable jar. Each flag falls back to a {@code SWITCHBOARD_*} environment
 * variable, then to the built-in default; {@code docs/configuration.md} lists them all.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, sortOptions = false,
        version = "Switchboard 0.1.0",
        description = "A WebSocket session server for streaming AI chat to many people at once.%n",
        footer = {"%nEvery flag --name-of-it can also be set with the environment variable SWITCHBOARD_NAME_OF_IT,",
                "or as name-of-it=value in the --config file (a flag beats the variable, which beats the file).",
                "The JWT secret (auth) and the OpenAI API key are read only from SWITCHBOARD_JWT_SECRET and",
                "SWITCHBOARD_OPENAI_API_KEY. Durations are written like 250ms, 10s, 30m or 1h."})
public final class ServerCommand {

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of settings (name=value, names as the flags without --)")
    String config;

    @Option(names = "--log-level", defaultValue = "INFO",
            description = "Switchboard's log level: ERROR, WARN, INFO or DEBUG (a line per connection and per"
                    + " generation). Default: ${DEFAULT-VALUE}")
    String logLevel;

    @Option(names = "--ping-interval", defaultValue = "30s", converter = DurationConverter.class,
            description = "Quiet time before the server pings a WebSocket. Default: ${DEFAULT-VALUE}")
    Duration pingInterval;

    @Option(names = "--ping-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time to answer a ping before the connection is closed. Default: ${DEFAULT-VALUE}")
    Duration pingTimeout;

    @Option(names = "--drain-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "On SIGTERM, time replies may go on before they end with 'shutdown'. Default: ${DEFAULT-VALUE}")
    Duration drainTimeout;

    @Option(names = "--allowed-origins", split = ",", paramLabel = "ORIGIN",
            description = "Browser origins allowed besides the server's own, comma-separated (https://host[:port])")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--dev", defaultValue = "false",
            description = "Development mode: also allow pages from localhost on any port")
    boolean dev;

    @Option(names = "--max-connections-per-address", defaultValue = "1000",
            description = "Open connections per remote address, 0 for no limit. Default: ${DEFAULT-VALUE}")
    int maxConnectionsPerAddress;

    @Option(names = "--limit-loopback", defaultValue = "false",
            description = "Apply that limit to loopback addresses too (off: local proxies and load tests)")
    boolean limitLoopback;

    @Option(names = "--rate-frames", defaultValue = "50",
            description = "Frames per second per connection, sustained. Default: ${DEFAULT-VALUE}")
    double rateFrames;

    @Option(names = "--frame-burst", defaultValue = "200",
            description = "Frames per connection in a burst. Default: ${DEFAULT-VALUE}")
    int frameBurst;

    @Option(names = "--rate-prompts", defaultValue = "5",
            description = "Prompts per second per connection, sustained. Default: ${DEFAULT-VALUE}")
    double ratePrompts;

    @Option(names = "--prompt-burst", defaultValue = "20",
            description = "Prompts per connection in a burst. Default: ${DEFAULT-VALUE}")
    int promptBurst;

    @Option(names = "--rate-sessions", defaultValue = "1",
            description = "New sessions per second per connection, sustained. Default: ${DEFAULT-VALUE}")
    double rateSessions;

    @Option(names = "--session-burst", defaultValue = "10",
            description = "New sessions per connection in a burst. Default: ${DEFAULT-VALUE}")
    int sessionBurst;

    @Option(names = "--rate-sessions-per-address", defaultValue = "20",
            description = "New sessions per second from one remote address, sustained (loopback is exempt unless"
                    + " --limit-loopback). Default: ${DEFAULT-VALUE}")
    double rateSessionsPerAddress;

    @Option(names = "--session-burst-per-address", defaultValue = "200",
            description = "New sessions from one remote address in a burst. Default: ${DEFAULT-VALUE}")
    int sessionBurstPerAddress;

    @Option(names = "--max-prompt-chars", defaultValue = "32768",
            description = "Longest prompt text. Default: ${DEFAULT-VALUE}")
    int maxPromptChars;

    @Option(names = "--max-params-bytes", defaultValue = "4096",
            description = "Largest params object, in bytes of JSON. Default: ${DEFAULT-VALUE}")
    int maxParamsBytes;

    /** Filled by {@link #parse}: the environment the settings came from. */
    private Map<String, String> env = Map.of();

    /**
     * Parses {@code args}, taking defaults from {@code env} ({@code SWITCHBOARD_*}) and then from the
     * {@code --config} file (or {@code SWITCHBOARD_CONFIG}).
     *
     * @throws CommandLine.ParameterException naming the bad setting
     */
    public static ServerCommand parse(String[] args, Map<String, String> env) {
        ServerCommand command = new ServerCommand();
        command.env = env;
        CommandLine cli = new CommandLine(command);
        cli.setDefaultValueProvider(new EnvAndFileDefaults(env, ConfigFile.locate(args, env), cli));
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        command.helpRequested = parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested();
        command.cli = cli;
        return command;
    }

    private boolean helpRequested;
    private CommandLine cli;

    /** True when --help or --version was asked for; {@link #printHelp()} answers it. */
    public boolean helpRequested() {
        return helpRequested;
    }

    /** Prints what --help or --version asked for. */
    public void printHelp() {
        CommandLine.executeHelpRequest(cli.getParseResult());
    }

    /** The requested log level. */
    public String logLevel() {
        return logLevel.toUpperCase(java.util.Locale.ROOT);
    }

    @Option(names = "--host", defaultValue = "0.0.0.0",
            description = "Address to bind. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--port", defaultValue = "8080",
            description = "Port; 0 picks a free one. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--max-generations", defaultValue = "10000",
            description = "Generations running at once. Default: ${DEFAULT-VALUE}")
    int maxGenerations;

    @Option(names = "--global-queue", defaultValue = "10000",
            description = "Generations that may wait for a slot; beyond it 'overloaded'."
                    + " Default: ${DEFAULT-VALUE}")
    int globalQueue;

    @Option(names = "--session-queue", defaultValue = "8",
            description = "Prompts that may wait per session; beyond it 'busy'."
                    + " Default: ${DEFAULT-VALUE}")
    int sessionQueue;

    @Option(names = "--hello-timeout", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Time allowed for the first hello, then close 1008."
                    + " Default: ${DEFAULT-VALUE}")
    Duration helloTimeout;

    @Option(names = "--frame-timeout", defaultValue = "15s",
            converter = DurationConverter.class,
            description = "Time a client may take to finish a frame (or a message in fragments) it has begun,"
                    + " then close 1008. Default: ${DEFAULT-VALUE}")
    Duration frameTimeout;

    @Option(names = "--http-idle-timeout", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Idle time before an HTTP keep-alive connection is closed; never applies to WebSockets"
                    + ". Default: ${DEFAULT-VALUE}")
    Duration httpIdleTimeout;

    @Option(names = "--max-frame-bytes", defaultValue = "65536",
            description = "Largest client frame; larger closes with 1009."
                    + " Default: ${DEFAULT-VALUE}")
    int maxFrameBytes;

    @Option(names = "--session-ttl", defaultValue = "30m",
            converter = DurationConverter.class,
            description = "Idle time before an unused session is dropped."
                    + " Default: ${DEFAULT-VALUE}")
    Duration sessionTtl;

    @Option(names = "--empty-session-ttl", defaultValue = "1m",
            converter = DurationConverter.class,
            description = "Idle time before a session that never got a prompt is dropped."
                    + " Default: ${DEFAULT-VALUE}")
    Duration emptySessionTtl;

    @Option(names = "--max-sessions", defaultValue = "100000",
            description = "Most conversations (sessions that got a prompt) held at once; a hello that would"
                    + " make a new session beyond it gets 'overloaded'. Default: ${DEFAULT-VALUE}")
    int maxSessions;

    @Option(names = "--history-max-turns", defaultValue = "1000",
            description = "Turns a session's history keeps; older ones are dropped. Default: ${DEFAULT-VALUE}")
    int historyMaxTurns;

    @Option(names = "--history-max-chars", defaultValue = "500000",
            description = "Characters of text a session's history keeps; older turns are dropped."
                    + " Default: ${DEFAULT-VALUE}")
    int historyMaxChars;

    @Option(names = "--welcome-history-turns", defaultValue = "100",
            description = "The most recent turns a welcome carries; older ones come by the history frame."
                    + " Default: ${DEFAULT-VALUE}")
    int welcomeHistoryTurns;

    @Option(names = "--max-reply-tokens", defaultValue = "100000",
            description = "Tokens one reply may have; one that reaches it ends with reason 'error'."
                    + " Default: ${DEFAULT-VALUE}")
    int maxReplyTokens;

    @Option(names = "--max-connections-per-session", defaultValue = "100",
            description = "Connections attached to one session at once. Default: ${DEFAULT-VALUE}")
    int maxConnectionsPerSession;

    @Option(names = "--event-log-size", defaultValue = "1000",
            description = "Events kept per session for resume, at least."
                    + " Default: ${DEFAULT-VALUE}")
    int eventLogSize;

    @Option(names = "--event-log-max-bytes", defaultValue = "1048576",
            description = "Bytes of finished replies' events kept per session for resume, at most."
                    + " Default: ${DEFAULT-VALUE}")
    long eventLogMaxBytes;

    @Option(names = "--echo-delay", defaultValue = "20ms",
            converter = DurationConverter.class,
            description = "The echo generator's pause before each token."
                    + " Default: ${DEFAULT-VALUE}")
    Duration echoDelay;

    @Option(names = "--generation-timeout", defaultValue = "15m",
            converter = DurationConverter.class,
            description = "Longest time a reply may take. Default: ${DEFAULT-VALUE}")
    Duration generationTimeout;

    @Option(names = "--token-timeout", defaultValue = "2m",
            converter = DurationConverter.class,
            description = "Longest wait for the first or next token."
                    + " Default: ${DEFAULT-VALUE}")
    Duration tokenTimeout;

    @Option(names = "--outbox-in-flight", defaultValue = "64",
            description = "Frames in flight per connection. Default: ${DEFAULT-VALUE}")
    int outboxInFlight;

    @Option(names = "--outbox-pending", defaultValue = "1000",
            description = "Frames that may wait per connection; past it the connection reads its session's"
                    + " events from the log as it drains. Default: ${DEFAULT-VALUE}")
    int outboxPending;

    @Option(names = "--outbox-max-bytes", defaultValue = "1048576",
            description = "Bytes of frames that may wait per connection, merged tokens counted; past it the"
                    + " connection reads its session's events from the log as it drains. Default: ${DEFAULT-VALUE}")
    long outboxMaxBytes;

    @Option(names = "--slow-consumer-timeout", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long a reader may make no progress before it is closed"
                    + ". Default: ${DEFAULT-VALUE}")
    Duration slowConsumerTimeout;

    @Option(names = "--backend", defaultValue = "echo",
            description = "The model: echo or openai. Default: ${DEFAULT-VALUE}")
    String backend;

    @Option(names = "--openai-base-url", defaultValue = "http://localhost:11434/v1",
            description = "Base URL of an OpenAI-compatible server; the API key is read from"
                    + " SWITCHBOARD_OPENAI_API_KEY. Default: ${DEFAULT-VALUE}")
    String openAiBaseUrl;

    @Option(names = "--model", description = "Model name for the openai backend")
    String model;

    @Option(names = "--system-prompt", description = "System prompt sent first to the openai backend")
    String systemPrompt;

    @Option(names = "--history-turns", defaultValue = "40",
            description = "Most earlier turns sent with a prompt. Default: ${DEFAULT-VALUE}")
    int historyTurns;

    @Option(names = "--history-tokens", defaultValue = "8000",
            description = "Most tokens of earlier turns sent with a prompt to the openai backend (counted as"
                    + " the model server reports, estimated until it has). Default: ${DEFAULT-VALUE}")
    int historyTokens;

    @Option(names = "--history-chars", defaultValue = "0",
            description = "Most characters of earlier turns sent with a prompt, a cap besides"
                    + " --history-tokens; 0 for none. Default: ${DEFAULT-VALUE}")
    int historyChars;

    @Option(names = "--backend-concurrency", defaultValue = "64",
            description = "Requests to the model server at once; the rest queue."
                    + " Default: ${DEFAULT-VALUE}")
    int backendConcurrency;

    /**
     * The generator the flags choose, or null for the built-in echo.
     *
     * @throws IllegalArgumentException naming a bad setting
     */
    public Generator generator() {
        return switch (backend) {
            case "echo" -> null;
            case "openai" -> {
                URI base;
                try {
                    base = new URI(openAiBaseUrl);
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("openai-base-url is not a URL: " + openAiBaseUrl);
                }
                yield new OpenAiGenerator(new OpenAiConfig(base, model, env.get("SWITCHBOARD_OPENAI_API_KEY"),
                        systemPrompt, historyTurns, historyTokens, historyChars, backendConcurrency,
                        Duration.ofSeconds(10)));
            }
            default -> throw new IllegalArgumentException("backend must be echo or openai, got '" + backend + "'");
        };
    }

    /** Puts the parsed settings into {@code builder}. */
    public SwitchboardConfig.Builder applyTo(SwitchboardConfig.Builder builder) {
        return builder.host(host).port(port).maxGenerations(maxGenerations).globalQueue(globalQueue)
                .sessionQueue(sessionQueue).helloTimeout(helloTimeout).frameTimeout(frameTimeout).httpIdleTimeout(httpIdleTimeout).maxFrameBytes(maxFrameBytes)
                .sessionTtl(sessionTtl).emptySessionTtl(emptySessionTtl).maxSessions(maxSessions)
                .maxConnectionsPerSession(maxConnectionsPerSession).historyMaxTurns(historyMaxTurns)
                .historyMaxChars(historyMaxChars).welcomeHistoryTurns(welcomeHistoryTurns).maxReplyTokens(maxReplyTokens).eventLogSize(eventLogSize).eventLogMaxBytes(eventLogMaxBytes).echoDelay(echoDelay)
                .generationTimeout(generationTimeout).tokenTimeout(tokenTimeout).outboxInFlight(outboxInFlight)
                .outboxPending(outboxPending).outboxMaxBytes(outboxMaxBytes).slowConsumerTimeout(slowConsumerTimeout).generator(generator())
                .pingInterval(pingInterval).pingTimeout(pingTimeout).drainTimeout(drainTimeout)
                .allowedOrigins(allowedOrigins).devMode(dev).jwtSecret(env.get("SWITCHBOARD_JWT_SECRET"))
                .maxConnectionsPerAddress(maxConnectionsPerAddress).limitLoopback(limitLoopback)
                .frameRate(rateFrames, frameBurst).promptRate(ratePrompts, promptBurst)
                .sessionRate(rateSessions, sessionBurst).addressSessionRate(rateSessionsPerAddress, sessionBurstPerAddress)
                .maxPromptChars(maxPromptChars).maxParamsBytes(maxParamsBytes);
    }
}
