package dev.switchboard.security;

import dev.switchboard.config.SecurityConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides at the handshake whether a browser page may open a WebSocket (against cross-site
 * WebSocket hijacking): its own origin (the {@code Host} the browser connected to), the configured
 * origins, and in dev mode any page from localhost. A client that sends no {@code Origin} is not a
 * browser page and passes here (auth, when on, still applies to it).
 *
 * <p>Immutable; safe from any thread.
 */
public final class OriginPolicy {

    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> allowed;
    private final boolean devMode;

    public OriginPolicy(SecurityConfig config) {
        this.allowed = config.allowedOrigins().stream().map(o -> o.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.devMode = config.devMode();
    }

    /**
     * @param origin the {@code Origin} header, or null
     * @param host the {@code Host} header of the same request, or null
     */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(o)) {
            return true;
        }
        URI uri;
        try {
            uri = URI.create(o);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            return false; // "null" (sandboxed pages, files) and other schemes
        }
        if (devMode && LOCAL_HOSTS.contains(uri.getHost())) {
            return true;
        }
        return host != null && authority(uri).equals(host.trim().toLowerCase(Locale.ROOT));
    }

    /** host[:port] as a Host header writes it (no port when it is the scheme's default). */
    private static String authority(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (port == 80 && "http".equals(uri.getScheme()))
                || (port == 443 && "https".equals(uri.getScheme()));
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }
}
