package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.google.gson.JsonObject;
import dev.switchboard.ManualClock;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Auth on: hello needs a valid HS256 token, and a session belongs to its token's subject. */
@Timeout(30)
class AuthTest {

    private static final String SECRET = "a-test-secret-that-is-long-enough-0123456789";

    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TTL = Duration.ofMinutes(30);

    private final ManualClock clock = new ManualClock();
    private Switchboard server;

    @BeforeEach
    void start() {
        server = TestServers.start(cfg -> cfg.jwtSecret(SECRET).ticker(clock).helloTimeout(HELLO_TIMEOUT)
                .sessionTtl(TTL).pingInterval(TTL.multipliedBy(10)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    static String token(String subject, Instant expires, String secret) {
        return JWT.create().withSubject(subject).withExpiresAt(expires).sign(Algorithm.HMAC256(secret));
    }

    private WsClient helloWith(String token, String session) {
        WsClient client = WsClient.connect(server.port());
        JsonObject hello = new JsonObject();
        hello.addProperty("type", "hello");
        if (token != null) {
            hello.addProperty("token", token);
        }
        if (session != null) {
            hello.addProperty("session", session);
        }
        client.send(hello.toString());
        return client;
    }

    private void assertRefused(String token, String why) throws Exception {
        try (WsClient client = helloWith(token, null)) {
            JsonObject error = client.awaitType("error");
            assertEquals("unauthorized", error.get("code").getAsString());
            assertTrue(error.get("message").getAsString().contains(why), error.toString());
            assertEquals(1008, client.closed().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aHelloWithoutATokenIsUnauthorizedAndClosedWith1008() throws Exception {
        assertRefused(null, "required");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsUnauthorized() throws Exception {
        assertRefused(token("alice", Instant.now().plusSeconds(600), SECRET + "-other"), "not valid");
    }

    @Test
    void anExpiredTokenIsUnauthorized() throws Exception {
        assertRefused(token("alice", Instant.now().minusSeconds(600), SECRET), "expired");
    }

    @Test
    void aMalformedTokenIsUnauthorized() throws Exception {
        assertRefused("not.a.jwt", "not valid");
    }

    @Test
    void aValidTokenGetsASessionThatItsSubjectCanResumeAndOthersCannotAttach() {
        String alice = token("alice", Instant.now().plusSeconds(600), SECRET);
        String bob = token("bob", Instant.now().plusSeconds(600), SECRET);
        try (WsClient first = helloWith(alice, null)) {
            String session = first.awaitType("welcome").get("session").getAsString();
            first.prompt("p1", "mine alone", null);
            first.awaitDone("p1");

            try (WsClient intruder = helloWith(bob, session)) {
                JsonObject error = intruder.awaitType("error");
                assertEquals("forbidden", error.get("code").getAsString());
                assertTrue(intruder.frames("welcome").isEmpty(), "not attached");
                intruder.send("{\"type\":\"ping\"}");
                intruder.await(f -> "error".equals(f.get("type").getAsString())
                        && "hello_required".equals(f.get("code").getAsString()));
                assertFalse(intruder.closed().isDone(), "a forbidden hello leaves the connection open");
                assertTrue(intruder.frames().stream().noneMatch(f -> f.toString().contains("mine alone")));
            }

            try (WsClient again = helloWith(alice, session)) {
                JsonObject welcome = again.awaitType("welcome");
                assertEquals(session, welcome.get("session").getAsString());
                assertEquals("mine alone", welcome.getAsJsonArray("history").get(0).getAsJsonObject()
                        .get("text").getAsString());
            }
        }
    }

    @Test
    void aForbiddenHelloLeavesTheConnectionOnItsOwnSession() {
        String alice = token("alice", Instant.now().plusSeconds(600), SECRET);
        String bob = token("bob", Instant.now().plusSeconds(600), SECRET);
        try (WsClient a = helloWith(alice, null); WsClient b = helloWith(bob, null)) {
            String aliceSession = a.awaitType("welcome").get("session").getAsString();
            b.awaitType("welcome");
            b.send("{\"type\":\"hello\",\"session\":\"" + aliceSession + "\"}");
            assertEquals("forbidden", b.awaitType("error").get("code").getAsString());
            b.prompt("still-mine", "bob talks", null);
            assertEquals("bob talks", b.awaitDone("still-mine", Duration.ofSeconds(10)).get("text").getAsString());
        }
    }

    /** Regression: a forbidden hello used to stop the hello timer, so the socket stayed open, unattached. */
    @Test
    void aForbiddenHelloIsNotAHelloAndTheConnectionIsClosedAtTheHelloTimeout() throws Exception {
        String alice = token("alice", Instant.now().plusSeconds(600), SECRET);
        String bob = token("bob", Instant.now().plusSeconds(600), SECRET);
        try (WsClient a = helloWith(alice, null)) {
            String aliceSession = a.awaitType("welcome").get("session").getAsString();
            try (WsClient intruder = helloWith(bob, aliceSession)) {
                assertEquals("forbidden", intruder.awaitType("error").get("code").getAsString());
                clock.advance(HELLO_TIMEOUT.plusSeconds(1));
                assertEquals(1008, intruder.closed().get(10, TimeUnit.SECONDS));
                a.roundTrip();
                assertFalse(a.closed().isDone(), "alice said hello in time");
            }
        }
    }

    /** Regression: a forbidden hello looked the session up with a write, which renewed its idle TTL. */
    @Test
    void aForbiddenHelloDoesNotKeepAnotherSubjectsIdleSessionAlive() {
        String alice = token("alice", Instant.now().plusSeconds(600), SECRET);
        String bob = token("bob", Instant.now().plusSeconds(600), SECRET);
        String aliceSession;
        try (WsClient a = helloWith(alice, null)) {
            aliceSession = a.awaitType("welcome").get("session").getAsString();
            a.prompt("p1", "a conversation worth keeping", null);
            a.awaitDone("p1");
            a.send("{\"type\":\"hello\"}"); // alice moves to a new session: the first one is idle from now
            a.await(f -> a.frames("welcome").size() == 2);
        }
        clock.advance(TTL.minusMinutes(1));
        try (WsClient intruder = helloWith(bob, aliceSession)) {
            assertEquals("forbidden", intruder.awaitType("error").get("code").getAsString());
        }
        clock.advance(Duration.ofMinutes(2));
        try (WsClient again = helloWith(alice, aliceSession)) {
            JsonObject welcome = again.awaitType("welcome");
            assertTrue(welcome.get("created").getAsBoolean(), "the TTL ran from alice's last use: " + welcome);
        }
    }
}
