package dev.switchboard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The embedding API (issue 2, "Embedding API") and the plain-HTTP endpoints that share the port. */
@Timeout(30)
class LifecycleTest {

    @Test
    void startedFromAFreshPlatformThreadItServesAPrompt() throws InterruptedException {
        assertServesAPrompt(startOn(Thread.ofPlatform()));
    }

    @Test
    void startedFromAVirtualThreadItServesAPrompt() throws InterruptedException {
        assertServesAPrompt(startOn(Thread.ofVirtual()));
    }

    /** Starts a server on a new thread from {@code threads}, and lets that thread end before returning. */
    private static Switchboard startOn(Thread.Builder threads) throws InterruptedException {
        AtomicReference<Switchboard> started = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread starter = threads.name("test-starter").start(() -> {
            try {
                started.set(TestServers.start());
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        starter.join();
        if (failed.get() != null) {
            throw new AssertionError("start() failed off the main thread", failed.get());
        }
        return started.get();
    }

    private static void assertServesAPrompt(Switchboard server) {
        try (WsClient client = WsClient.hello(server.port(), null)) {
            client.prompt("p1", "served from any thread", null);
            JsonObject done = client.awaitDone("p1");
            assertEquals("stop", done.get("reason").getAsString());
            assertEquals("served from any thread", done.get("text").getAsString());
        } finally {
            server.stop();
        }
    }

    @Test
    void stopTwiceIsFineAndReleasesThePort() {
        Switchboard server = TestServers.start();
        int port = server.port();
        server.stop();
        assertDoesNotThrow(server::stop);
        assertThrows(ConnectException.class, () -> TestHttp.get(port, "/healthz"), "nothing listens any more");
    }

    @Test
    void stopBeforeStartIsFine() {
        Switchboard server = Switchboard.create(cfg -> cfg.host("127.0.0.1").port(0));
        assertDoesNotThrow(server::stop);
        assertDoesNotThrow(server::stop);
    }

    @Test
    void portZeroBindsARealPort() throws Exception {
        Switchboard server = TestServers.start();
        try {
            assertTrue(server.port() > 0 && server.port() < 65536, "port " + server.port());
            assertEquals(200, TestHttp.get(server.port(), "/healthz").statusCode());
        } finally {
            server.stop();
        }
    }

    @Test
    void twoServersInOneJvmShareNothing() {
        Switchboard one = TestServers.start();
        Switchboard two = TestServers.start();
        try {
            assertNotEquals(one.port(), two.port());
            String session;
            try (WsClient a = WsClient.hello(one.port(), null)) {
                session = a.sessionId();
                a.prompt("p1", "on one", null);
                a.awaitDone("p1");
                a.prompt("p2", "on one again", null);
                a.awaitDone("p2");
            }
            try (WsClient b = WsClient.hello(two.port(), session)) {
                assertTrue(b.welcome().get("created").getAsBoolean(), "server two does not know one's session");
                assertNotEquals(session, b.sessionId());
                b.prompt("p1", "on two", null);
                assertEquals("on two", b.awaitDone("p1").get("text").getAsString());
            }
            assertEquals(2.0, TestHttp.ended(one.port(), "stop"), "server one counts its own replies");
            assertEquals(1.0, TestHttp.ended(two.port(), "stop"), "server two counts its own replies");

            one.stop();
            try (WsClient b = WsClient.hello(two.port(), null)) {
                b.prompt("p1", "two lives on", null);
                assertEquals("stop", b.awaitDone("p1").get("reason").getAsString());
            }
        } finally {
            one.stop();
            two.stop();
        }
    }

    @Test
    void theHttpEndpointsAnswerOnTheWebSocketPort() throws Exception {
        Switchboard server = TestServers.start();
        try {
            int port = server.port();
            assertEquals(200, TestHttp.get(port, "/healthz").statusCode());
            assertEquals(200, TestHttp.get(port, "/readyz").statusCode());

            HttpResponse<String> metrics = TestHttp.get(port, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("switchboard_generations_total"), "switchboard metrics are exposed");
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM metrics are exposed");

            HttpResponse<String> page = TestHttp.get(port, "/");
            assertEquals(200, page.statusCode());
            assertTrue(contentType(page).startsWith("text/html"), contentType(page));
            assertTrue(page.body().toLowerCase().contains("<html") || page.body().toLowerCase().contains("<!doctype html"),
                    "an HTML page: " + page.body());

            HttpResponse<String> script = TestHttp.get(port, "/switchboard.js");
            assertEquals(200, script.statusCode());
            assertTrue(contentType(script).startsWith("text/javascript"), contentType(script));
            assertTrue(!script.body().isBlank(), "the client library is served");

            assertEquals(404, TestHttp.get(port, "/no-such-thing").statusCode());
        } finally {
            server.stop();
        }
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }
}
