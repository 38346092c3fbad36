package dev.switchboard.config;

import java.util.List;

/**
 * Who may connect and attach.
 *
 * @param allowedOrigins browser origins allowed besides the server's own (e.g. {@code https://chat.example.com})
 * @param devMode also allow pages served from localhost on any port
 * @param jwtSecret the HS256 secret; null means auth is off (anonymous sessions)
 * @param maxConnectionsPerAddress open connections one remote address may have; 0 for no limit
 * @param limitLoopback whether that limit applies to loopback addresses too (a local proxy or load
 *     test shares one address)
 */
public record SecurityConfig(List<String> allowedOrigins, boolean devMode, String jwtSecret,
                             int maxConnectionsPerAddress, boolean limitLoopback) {

    public SecurityConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        for (String origin : allowedOrigins) {
            if (!origin.matches("https?://[^/\\s]+")) {
                throw new IllegalArgumentException("allowed-origins entries look like https://host[:port], got '"
                        + origin + "'");
            }
        }
        if (jwtSecret != null && jwtSecret.length() < 32) {
            throw new IllegalArgumentException("the JWT secret (SWITCHBOARD_JWT_SECRET) must be at least 32 characters");
        }
        Check.between("max-connections-per-address", maxConnectionsPerAddress, 0, Integer.MAX_VALUE);
    }

    /** True when a valid token is needed in {@code hello}. */
    public boolean authRequired() {
        return jwtSecret != null;
    }

    @Override
    public String toString() {
        return "SecurityConfig[allowedOrigins=" + allowedOrigins + ", devMode=" + devMode + ", auth="
                + (authRequired() ? "on" : "off") + ", maxConnectionsPerAddress=" + maxConnectionsPerAddress + "]";
    }
}
