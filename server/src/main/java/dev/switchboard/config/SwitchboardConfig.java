package dev.switchboard.config;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.switchboard.generation.Generator;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The whole configuration of one server: a small tree of typed parts. Build it with
 * {@code Switchboard.create(cfg -> cfg.port(0).echoDelay(Duration.ofMillis(5)))}; every setting
 * and its default is listed in {@code docs/configuration.md}.
 *
 * @param generator the model; null means the built-in {@code echo}
 * @param ticker the clock of session expiry (tests pass a fake one)
 */
public record SwitchboardConfig(NetworkConfig network, SessionConfig sessions, GenerationConfig generation,
                                OutboxConfig outbox, SecurityConfig security, LimitsConfig limits,
                                Generator generator, Ticker ticker) {

    public SwitchboardConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(ticker, "ticker");
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects settings; {@link #build()} checks them all. Not thread-safe. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private int maxFrameBytes = 64 * 1024;
        private Duration helloTimeout = Duration.ofSeconds(10);
        private Duration frameTimeout = Duration.ofSeconds(15);
        private Duration httpIdleTimeout = Duration.ofSeconds(30);
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration pingTimeout = Duration.ofSeconds(10);
        private Duration drainTimeout = Duration.ofSeconds(10);
        private List<String> allowedOrigins = List.of();
        private boolean devMode;
        private String jwtSecret;
        private int maxConnectionsPerAddress = 1000;
        private boolean limitLoopback;
        private double framesPerSecond = 50;
        private int frameBurst = 200;
        private double promptsPerSecond = 5;
        private int promptBurst = 20;
        private double sessionsPerSecond = 1;
        private int sessionBurst = 10;
        private double addressSessionsPerSecond = 20;
        private int addressSessionBurst = 200;
        private int maxPromptChars = 32_768;
        private int maxParamsBytes = 4096;
        private Duration sessionTtl = Duration.ofMinutes(30);
        private Duration emptySessionTtl = Duration.ofMinutes(1);
        private int maxSessions = 100_000;
        private int maxConnectionsPerSession = 100;
        private int historyMaxTurns = 1000;
        private int historyMaxChars = 500_000;
        private int welcomeHistoryTurns = 100;
        private int maxReplyTokens = 100_000;
        private int sessionQueue = 8;
        private int eventLogSize = 1000;
        private long eventLogMaxBytes = 1024 * 1024;
        private int maxGenerations = 10_000;
        private int globalQueue = 10_000;
        private Duration generationTimeout = Duration.ofMinutes(15);
        private Duration tokenTimeout = Duration.ofMinutes(2);
        private Duration echoDelay = Duration.ofMillis(20);
        private int outboxInFlight = 64;
        private int outboxPending = 1000;
        private long outboxMaxBytes = 1024 * 1024;
        private Duration slowConsumerTimeout = Duration.ofSeconds(10);
        private Generator generator;
        private Ticker ticker = Ticker.systemTicker();

        Builder() {
        }

        /** Address to bind; default {@code 0.0.0.0}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port; default 8080; 0 picks a free port (see {@code Switchboard.port()}). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Largest client frame in bytes; default 64 KiB. */
        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        /** Time allowed for the first {@code hello}; default 10 s. */
        public Builder helloTimeout(Duration timeout) {
            this.helloTimeout = timeout;
            return this;
        }

        /** Time a client may take to finish a frame or a fragmented message it has begun; default 15 s. */
        public Builder frameTimeout(Duration timeout) {
            this.frameTimeout = timeout;
            return this;
        }

        /** Idle time after which an HTTP keep-alive connection is closed (not WebSockets); default 30 s. */
        public Builder httpIdleTimeout(Duration timeout) {
            this.httpIdleTimeout = timeout;
            return this;
        }

        /** Quiet time after which the server pings a WebSocket; default 30 s. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = interval;
            return this;
        }

        /** Time to answer a ping before the connection is closed; default 10 s. */
        public Builder pingTimeout(Duration timeout) {
            this.pingTimeout = timeout;
            return this;
        }

        /** On stop, time replies may go on before they end with {@code shutdown}; default 10 s. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        /** Browser origins allowed besides the server's own; default none. */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = origins;
            return this;
        }

        /** Also allow pages from localhost on any port; default off. */
        public Builder devMode(boolean on) {
            this.devMode = on;
            return this;
        }

        /** The HS256 secret that turns auth on (at least 32 characters); default null, auth off. */
        public Builder jwtSecret(String secret) {
            this.jwtSecret = secret;
            return this;
        }

        /** Open connections per remote address, 0 for no limit; default 1,000. */
        public Builder maxConnectionsPerAddress(int max) {
            this.maxConnectionsPerAddress = max;
            return this;
        }

        /** Whether the per-address limit applies to loopback too; default false. */
        public Builder limitLoopback(boolean on) {
            this.limitLoopback = on;
            return this;
        }

        /** Frames per second per connection, and the burst; default 50/s, 200. */
        public Builder frameRate(double perSecond, int burst) {
            this.framesPerSecond = perSecond;
            this.frameBurst = burst;
            return this;
        }

        /** Prompts per second per connection, and the burst; default 5/s, 20. */
        public Builder promptRate(double perSecond, int burst) {
            this.promptsPerSecond = perSecond;
            this.promptBurst = burst;
            return this;
        }

        /** New sessions one connection may make per second, and the burst; default 1/s, 10. */
        public Builder sessionRate(double perSecond, int burst) {
            this.sessionsPerSecond = perSecond;
            this.sessionBurst = burst;
            return this;
        }

        /**
         * New sessions all connections from one remote address may make per second, and the burst
         * (loopback is exempt unless {@link #limitLoopback}); default 20/s, 200.
         */
        public Builder addressSessionRate(double perSecond, int burst) {
            this.addressSessionsPerSecond = perSecond;
            this.addressSessionBurst = burst;
            return this;
        }

        /** Longest prompt text in characters; default 32,768. */
        public Builder maxPromptChars(int max) {
            this.maxPromptChars = max;
            return this;
        }

        /** Largest params object in bytes of JSON; default 4,096. */
        public Builder maxParamsBytes(int max) {
            this.maxParamsBytes = max;
            return this;
        }

        /** Idle time after which an unused session is dropped; default 30 min. */
        public Builder sessionTtl(Duration ttl) {
            this.sessionTtl = ttl;
            return this;
        }

        /**
         * Idle time after which a session that never got a prompt is dropped (the shorter of this and
         * the session TTL applies); default 1 min.
         */
        public Builder emptySessionTtl(Duration ttl) {
            this.emptySessionTtl = ttl;
            return this;
        }

        /**
         * Most conversations (sessions that got a prompt) held at once; a hello that would make a new
         * session beyond it is refused (sessions that never got a prompt do not count); default 100,000.
         */
        public Builder maxSessions(int max) {
            this.maxSessions = max;
            return this;
        }

        /** Turns a session's history keeps; older ones are dropped; default 1,000. */
        public Builder historyMaxTurns(int max) {
            this.historyMaxTurns = max;
            return this;
        }

        /** Characters of text a session's history keeps; older turns are dropped; default 500,000. */
        public Builder historyMaxChars(int max) {
            this.historyMaxChars = max;
            return this;
        }

        /** The most recent turns a welcome carries; default 100. */
        public Builder welcomeHistoryTurns(int turns) {
            this.welcomeHistoryTurns = turns;
            return this;
        }

        /**
         * Tokens one reply may have; a reply that reaches it ends with reason {@code error};
         * default 100,000.
         */
        public Builder maxReplyTokens(int max) {
            this.maxReplyTokens = max;
            return this;
        }

        /** Connections attached to one session at once; default 100. */
        public Builder maxConnectionsPerSession(int max) {
            this.maxConnectionsPerSession = max;
            return this;
        }

        /** Prompts that may wait per session; default 8. */
        public Builder sessionQueue(int size) {
            this.sessionQueue = size;
            return this;
        }

        /** Events kept for resume per session, at least; default 1,000. */
        public Builder eventLogSize(int size) {
            this.eventLogSize = size;
            return this;
        }

        /**
         * Bytes of finished replies' events kept for resume per session, at most (the events of
         * the running reply, and waiting prompts' newest queued, are always kept); default 1 MiB.
         */
        public Builder eventLogMaxBytes(long bytes) {
            this.eventLogMaxBytes = bytes;
            return this;
        }

        /** Generations running at once; default 10,000. */
        public Builder maxGenerations(int max) {
            this.maxGenerations = max;
            return this;
        }

        /** Generations that may wait for a slot; default 10,000. */
        public Builder globalQueue(int size) {
            this.globalQueue = size;
            return this;
        }

        /** Longest total time of a reply; default 15 min. */
        public Builder generationTimeout(Duration timeout) {
            this.generationTimeout = timeout;
            return this;
        }

        /** Longest wait for a token; default 2 min. */
        public Builder tokenTimeout(Duration timeout) {
            this.tokenTimeout = timeout;
            return this;
        }

        /** The echo generator's default pause per token; default 20 ms. */
        public Builder echoDelay(Duration delay) {
            this.echoDelay = delay;
            return this;
        }

        /** Frames in flight per connection; default 64. */
        public Builder outboxInFlight(int frames) {
            this.outboxInFlight = frames;
            return this;
        }

        /**
         * Frames that may wait per connection; past it the connection reads its session's events
         * from the log as it drains; default 1,000.
         */
        public Builder outboxPending(int frames) {
            this.outboxPending = frames;
            return this;
        }

        /**
         * Bytes of frames that may wait per connection (merged tokens counted); past it the connection
         * reads its session's events from the log as it drains; default 1 MiB.
         */
        public Builder outboxMaxBytes(long bytes) {
            this.outboxMaxBytes = bytes;
            return this;
        }

        /** How long a reader may make no progress; default 10 s. */
        public Builder slowConsumerTimeout(Duration timeout) {
            this.slowConsumerTimeout = timeout;
            return this;
        }

        /** The model; default the built-in {@code echo}. */
        public Builder generator(Generator generator) {
            this.generator = generator;
            return this;
        }

        /** The clock of session expiry; default the system clock. */
        public Builder ticker(Ticker ticker) {
            this.ticker = ticker;
            return this;
        }

        /**
         * Checks and freezes the settings.
         *
         * @throws IllegalArgumentException naming the first bad setting
         */
        public SwitchboardConfig build() {
            return new SwitchboardConfig(
                    new NetworkConfig(host, port, maxFrameBytes, helloTimeout, frameTimeout, httpIdleTimeout, pingInterval,
                            pingTimeout),
                    new SessionConfig(sessionTtl, emptySessionTtl, maxSessions, sessionQueue, eventLogSize,
                            eventLogMaxBytes, maxConnectionsPerSession, historyMaxTurns, historyMaxChars, welcomeHistoryTurns,
                            maxReplyTokens),
                    new GenerationConfig(maxGenerations, globalQueue, generationTimeout, tokenTimeout, echoDelay,
                            drainTimeout),
                    new OutboxConfig(outboxInFlight, outboxPending, outboxMaxBytes, slowConsumerTimeout),
                    new SecurityConfig(allowedOrigins, devMode, jwtSecret, maxConnectionsPerAddress, limitLoopback),
                    new LimitsConfig(framesPerSecond, frameBurst, promptsPerSecond, promptBurst, sessionsPerSecond,
                            sessionBurst, addressSessionsPerSecond, addressSessionBurst, maxPromptChars, maxParamsBytes),
                    generator, ticker);
        }
    }
}
