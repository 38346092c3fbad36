package dev.switchboard.config;

import dev.switchboard.backend.OpenAiConfig;
import dev.switchboard.backend.OpenAiGenerator;
import dev.switchboard.generation.Generator;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of the runnable jar. Each flag falls back to a {@code SWITCHBOARD_*} environment
 * variable, then to the built-in default; {@code docs/configuration.md} lists them all.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, sortOptions = false,
        version = "Switchboard 0.1.0",
        description = "A WebSocket session server for streaming AI chat to many people at once.%n"
                + "Every flag can also be set with the environment variable shown.%n",
        footer = "%nDurations are written like 250ms, 10s, 30m or 1h.")
public final class ServerCommand {

    @Option(names = "--host", defaultValue = "${env:SWITCHBOARD_HOST:-0.0.0.0}",
            description = "Address to bind (SWITCHBOARD_HOST). Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--port", defaultValue = "${env:SWITCHBOARD_PORT:-8080}",
            description = "Port; 0 picks a free one (SWITCHBOARD_PORT). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--max-generations", defaultValue = "${env:SWITCHBOARD_MAX_GENERATIONS:-10000}",
            description = "Generations running at once (SWITCHBOARD_MAX_GENERATIONS). Default: ${DEFAULT-VALUE}")
    int maxGenerations;

    @Option(names = "--global-queue", defaultValue = "${env:SWITCHBOARD_GLOBAL_QUEUE:-10000}",
            description = "Generations that may wait for a slot; beyond it 'overloaded' (SWITCHBOARD_GLOBAL_QUEUE)."
                    + " Default: ${DEFAULT-VALUE}")
    int globalQueue;

    @Option(names = "--session-queue", defaultValue = "${env:SWITCHBOARD_SESSION_QUEUE:-8}",
            description = "Prompts that may wait per session; beyond it 'busy' (SWITCHBOARD_SESSION_QUEUE)."
                    + " Default: ${DEFAULT-VALUE}")
    int sessionQueue;

    @Option(names = "--hello-timeout", defaultValue = "${env:SWITCHBOARD_HELLO_TIMEOUT:-10s}",
            converter = DurationConverter.class,
            description = "Time allowed for the first hello, then close 1008 (SWITCHBOARD_HELLO_TIMEOUT)."
                    + " Default: ${DEFAULT-VALUE}")
    Duration helloTimeout;

    @Option(names = "--http-idle-timeout", defaultValue = "${env:SWITCHBOARD_HTTP_IDLE_TIMEOUT:-30s}",
            converter = DurationConverter.class,
            description = "Idle time before an HTTP keep-alive connection is closed; never applies to WebSockets"
                    + " (SWITCHBOARD_HTTP_IDLE_TIMEOUT). Default: ${DEFAULT-VALUE}")
    Duration httpIdleTimeout;

    @Option(names = "--max-frame-bytes", defaultValue = "${env:SWITCHBOARD_MAX_FRAME_BYTES:-65536}",
            description = "Largest client frame; larger closes with 1009 (SWITCHBOARD_MAX_FRAME_BYTES)."
                    + " Default: ${DEFAULT-VALUE}")
    int maxFrameBytes;

    @Option(names = "--session-ttl", defaultValue = "${env:SWITCHBOARD_SESSION_TTL:-30m}",
            converter = DurationConverter.class,
            description = "Idle time before an unused session is dropped (SWITCHBOARD_SESSION_TTL)."
                    + " Default: ${DEFAULT-VALUE}")
    Duration sessionTtl;

    @Option(names = "--max-sessions", defaultValue = "${env:SWITCHBOARD_MAX_SESSIONS:-100000}",
            description = "Most sessions held at once (SWITCHBOARD_MAX_SESSIONS). Default: ${DEFAULT-VALUE}")
    int maxSessions;

    @Option(names = "--event-log-size", defaultValue = "${env:SWITCHBOARD_EVENT_LOG_SIZE:-1000}",
            description = "Events kept per session for resume, at least (SWITCHBOARD_EVENT_LOG_SIZE)."
                    + " Default: ${DEFAULT-VALUE}")
    int eventLogSize;

    @Option(names = "--echo-delay", defaultValue = "${env:SWITCHBOARD_ECHO_DELAY:-20ms}",
            converter = DurationConverter.class,
            description = "The echo generator's pause before each token (SWITCHBOARD_ECHO_DELAY)."
                    + " Default: ${DEFAULT-VALUE}")
    Duration echoDelay;

    @Option(names = "--generation-timeout", defaultValue = "${env:SWITCHBOARD_GENERATION_TIMEOUT:-15m}",
            converter = DurationConverter.class,
            description = "Longest time a reply may take (SWITCHBOARD_GENERATION_TIMEOUT). Default: ${DEFAULT-VALUE}")
    Duration generationTimeout;

    @Option(names = "--token-timeout", defaultValue = "${env:SWITCHBOARD_TOKEN_TIMEOUT:-2m}",
            converter = DurationConverter.class,
            description = "Longest wait for the first or next token (SWITCHBOARD_TOKEN_TIMEOUT)."
                    + " Default: ${DEFAULT-VALUE}")
    Duration tokenTimeout;

    @Option(names = "--outbox-in-flight", defaultValue = "${env:SWITCHBOARD_OUTBOX_IN_FLIGHT:-64}",
            description = "Frames in flight per connection (SWITCHBOARD_OUTBOX_IN_FLIGHT). Default: ${DEFAULT-VALUE}")
    int outboxInFlight;

    @Option(names = "--outbox-pending", defaultValue = "${env:SWITCHBOARD_OUTBOX_PENDING:-1000}",
            description = "Unmergeable frames that may wait per connection (SWITCHBOARD_OUTBOX_PENDING)."
                    + " Default: ${DEFAULT-VALUE}")
    int outboxPending;

    @Option(names = "--slow-consumer-timeout", defaultValue = "${env:SWITCHBOARD_SLOW_CONSUMER_TIMEOUT:-10s}",
            converter = DurationConverter.class,
            description = "How long a reader may make no progress before it is closed"
                    + " (SWITCHBOARD_SLOW_CONSUMER_TIMEOUT). Default: ${DEFAULT-VALUE}")
    Duration slowConsumerTimeout;

    @Option(names = "--backend", defaultValue = "${env:SWITCHBOARD_BACKEND:-echo}",
            description = "The model: echo or openai (SWITCHBOARD_BACKEND). Default: ${DEFAULT-VALUE}")
    String backend;

    @Option(names = "--openai-base-url", defaultValue = "${env:SWITCHBOARD_OPENAI_BASE_URL:-http://localhost:11434/v1}",
            description = "Base URL of an OpenAI-compatible server; the API key is read from"
                    + " SWITCHBOARD_OPENAI_API_KEY (SWITCHBOARD_OPENAI_BASE_URL). Default: ${DEFAULT-VALUE}")
    String openAiBaseUrl;

    @Option(names = "--model", defaultValue = "${env:SWITCHBOARD_MODEL}",
            description = "Model name for the openai backend (SWITCHBOARD_MODEL)")
    String model;

    @Option(names = "--system-prompt", defaultValue = "${env:SWITCHBOARD_SYSTEM_PROMPT}",
            description = "System prompt sent first to the openai backend (SWITCHBOARD_SYSTEM_PROMPT)")
    String systemPrompt;

    @Option(names = "--history-turns", defaultValue = "${env:SWITCHBOARD_HISTORY_TURNS:-40}",
            description = "Most earlier turns sent with a prompt (SWITCHBOARD_HISTORY_TURNS). Default: ${DEFAULT-VALUE}")
    int historyTurns;

    @Option(names = "--history-chars", defaultValue = "${env:SWITCHBOARD_HISTORY_CHARS:-24000}",
            description = "Most characters of earlier turns sent with a prompt (SWITCHBOARD_HISTORY_CHARS)."
                    + " Default: ${DEFAULT-VALUE}")
    int historyChars;

    @Option(names = "--backend-concurrency", defaultValue = "${env:SWITCHBOARD_BACKEND_CONCURRENCY:-64}",
            description = "Requests to the model server at once; the rest queue (SWITCHBOARD_BACKEND_CONCURRENCY)."
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
                yield new OpenAiGenerator(new OpenAiConfig(base, model, System.getenv("SWITCHBOARD_OPENAI_API_KEY"),
                        systemPrompt, historyTurns, historyChars, backendConcurrency, Duration.ofSeconds(10)));
            }
            default -> throw new IllegalArgumentException("backend must be echo or openai, got '" + backend + "'");
        };
    }

    /** Puts the parsed settings into {@code builder}. */
    public SwitchboardConfig.Builder applyTo(SwitchboardConfig.Builder builder) {
        return builder.host(host).port(port).maxGenerations(maxGenerations).globalQueue(globalQueue)
                .sessionQueue(sessionQueue).helloTimeout(helloTimeout).httpIdleTimeout(httpIdleTimeout).maxFrameBytes(maxFrameBytes)
                .sessionTtl(sessionTtl).maxSessions(maxSessions).eventLogSize(eventLogSize).echoDelay(echoDelay)
                .generationTimeout(generationTimeout).tokenTimeout(tokenTimeout).outboxInFlight(outboxInFlight)
                .outboxPending(outboxPending).slowConsumerTimeout(slowConsumerTimeout).generator(generator());
    }
}
