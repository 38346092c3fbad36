package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.SecurityConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class OriginPolicyTest {

    private final OriginPolicy strict = new OriginPolicy(new SecurityConfig(
            List.of("https://chat.example.com"), false, null, 0, false));
    private final OriginPolicy dev = new OriginPolicy(new SecurityConfig(List.of(), true, null, 0, false));

    @Test
    void clientsWithoutAnOriginAreNotBrowserPagesAndPass() {
        assertTrue(strict.allows(null, "switchboard.example.com"));
    }

    @Test
    void aPageFromTheServersOwnOriginPasses() {
        assertTrue(strict.allows("http://switchboard.example.com:8080", "switchboard.example.com:8080"));
        assertTrue(strict.allows("https://switchboard.example.com", "switchboard.example.com"));
        assertTrue(strict.allows("https://switchboard.example.com:443", "switchboard.example.com"));
        assertTrue(strict.allows("HTTP://Switchboard.Example.com:8080", "switchboard.example.com:8080"));
    }

    @Test
    void configuredOriginsPass() {
        assertTrue(strict.allows("https://chat.example.com", "switchboard.example.com"));
    }

    @Test
    void foreignOriginsAreRefused() {
        assertFalse(strict.allows("https://evil.example.net", "switchboard.example.com"));
        assertFalse(strict.allows("http://switchboard.example.com:9999", "switchboard.example.com:8080"));
        assertFalse(strict.allows("null", "switchboard.example.com"));
        assertFalse(strict.allows("file://", "switchboard.example.com"));
        assertFalse(strict.allows("https://evil.example.net", null));
    }

    @Test
    void localhostPassesOnlyInDevMode() {
        assertFalse(strict.allows("http://localhost:5173", "switchboard.example.com"));
        assertTrue(dev.allows("http://localhost:5173", "switchboard.example.com"));
        assertTrue(dev.allows("http://127.0.0.1:3000", "switchboard.example.com"));
        assertFalse(dev.allows("http://evil.example.net", "switchboard.example.com"));
    }
}
