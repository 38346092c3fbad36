package dev.switchboard.config;

import java.time.Duration;

/**
 * Where the server listens and what a connection may send.
 *
 * @param host the address to bind ({@code 0.0.0.0} for all)
 * @param port the port; 0 picks a free one
 * @param maxFrameBytes the largest client frame; larger closes the connection with 1009
 * @param helloTimeout how long a new connection may take to send {@code hello} (then 1008)
 * @param frameTimeout how long a client may take to finish a frame, or a message sent in fragments,
 *     once it has begun (then 1008)
 * @param httpIdleTimeout how long an idle HTTP keep-alive connection is kept (never a WebSocket)
 * @param pingInterval how long a WebSocket may be quiet before the server pings it
 * @param pingTimeout how long the server waits for the pong before it closes the connection
 */
public record NetworkConfig(String host, int port, int maxFrameBytes, Duration helloTimeout, Duration frameTimeout,
                            Duration httpIdleTimeout, Duration pingInterval, Duration pingTimeout) {

    public NetworkConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        Check.between("port", port, 0, 65535);
        Check.between("max-frame-bytes", maxFrameBytes, 64, 64 * 1024 * 1024);
        Check.positive("hello-timeout", helloTimeout);
        Check.positive("frame-timeout", frameTimeout);
        Check.positive("http-idle-timeout", httpIdleTimeout);
        Check.positive("ping-interval", pingInterval);
        Check.positive("ping-timeout", pingTimeout);
    }
}
