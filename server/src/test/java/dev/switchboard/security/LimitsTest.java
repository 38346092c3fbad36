package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.switchboard.RawWsClient;
import dev.switchboard.Replies;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each limit answers with its error or close code, and the server keeps serving everyone else. */
@Timeout(30)
class LimitsTest {

    @Test
    void framesFasterThanTheRateGetRateLimitedAndTheConnectionRecovers() {
        Switchboard server = TestServers.start(cfg -> cfg.frameRate(5, 5));
        try (WsClient client = WsClient.hello(server.port(), null)) {
            for (int i = 0; i < 20; i++) {
                client.send("{\"type\":\"ping\"}");
            }
            client.await(f -> "error".equals(f.get("type").getAsString())
                    && "rate_limited".equals(f.get("code").getAsString()));
            int pongs = client.frames("pong").size();
            assertTrue(pongs < 20, "frames over the burst are not taken");
            // the bucket refills at 5 a second: pinging slower than that is served again
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .pollInterval(java.time.Duration.ofMillis(400)).until(() -> {
                        client.send("{\"type\":\"ping\"}");
                        return client.frames("pong").size() > pongs;
                    });
        } finally {
            server.stop();
        }
    }

    /**
     * A flood of frames over the rate gets one {@code rate_limited} a second, not one a frame (two
     * million of them were sent in 30 s to one hello flood), and is closed once ten bursts' worth have
     * been refused in a row; another user's reply keeps its pace meanwhile.
     */
    @Test
    void aFloodOfFramesOverTheRateIsAnsweredOnceASecondAndThenClosedAndOthersKeepTheirPace() throws Exception {
        Switchboard server = TestServers.start(cfg -> cfg.frameRate(10, 20));
        try (WsClient user = WsClient.hello(server.port(), null); RawWsClient flood = RawWsClient.connect(server.port())) {
            String words = "w ".repeat(40).trim();
            user.prompt("paced", words, "{\"delayMs\":20}");
            flood.sendText("{\"type\":\"hello\"}");
            flood.readTextContaining("\"welcome\"");
            Thread sender = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; i < 1000; i++) {
                        flood.sendText("{\"type\":\"ping\"}");
                    }
                } catch (RuntimeException closed) {
                    // the server closed it: what this test wants
                }
            });
            List<RawWsClient.Frame> frames = new ArrayList<>();
            RawWsClient.Frame close = null;
            while (close == null) {
                RawWsClient.Frame f = flood.read();
                if (f.opcode() == RawWsClient.Frame.CLOSE) {
                    close = f;
                } else {
                    frames.add(f);
                }
            }
            assertEquals(1008, close.closeCode());
            long limited = frames.stream().filter(f -> f.text().contains("rate_limited")).count();
            assertTrue(limited >= 1 && limited <= 3, limited + " rate_limited answers to a flood");
            sender.join(10_000);
            JsonObject done = user.awaitDone("paced");
            Replies.assertTokenGapsUnder(user, done, java.time.Duration.ofMillis(250));
        } finally {
            server.stop();
        }
    }

    @Test
    void promptsFasterThanTheRateGetRateLimitedWithTheirId() {
        Switchboard server = TestServers.start(cfg -> cfg.promptRate(1, 2));
        try (WsClient client = WsClient.hello(server.port(), null)) {
            for (int i = 0; i < 5; i++) {
                client.prompt("p" + i, "hi", "{\"delayMs\":0}");
            }
            JsonObject error = client.await(f -> "error".equals(f.get("type").getAsString()));
            assertEquals("rate_limited", error.get("code").getAsString());
            assertTrue(error.get("id").getAsString().startsWith("p"));
            client.awaitDone("p0");
            client.awaitDone("p1");
        } finally {
            server.stop();
        }
    }

    @Test
    void connectionsOverThePerAddressLimitAreClosedWith1008() throws Exception {
        Switchboard server = TestServers.start(cfg -> cfg.maxConnectionsPerAddress(2).limitLoopback(true));
        try (WsClient a = WsClient.hello(server.port(), null); WsClient b = WsClient.hello(server.port(), null);
             WsClient c = WsClient.connect(server.port())) {
            assertEquals(1008, c.closed().get(10, TimeUnit.SECONDS));
            a.send("{\"type\":\"ping\"}");
            a.awaitType("pong");
            b.close();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                try (WsClient d = WsClient.connect(server.port())) {
                    d.send("{\"type\":\"hello\"}");
                    d.await(f -> true, java.time.Duration.ofSeconds(2));
                    return !d.frames("welcome").isEmpty();
                } catch (RuntimeException stillFull) {
                    return false;
                }
            });
        } finally {
            server.stop();
        }
    }

    @Test
    void aHelloPastTheConnectionsOfASessionIsOverloadedAndLeavesTheConnectionWhereItWas() {
        Switchboard server = TestServers.start(cfg -> cfg.maxConnectionsPerSession(2));
        try (WsClient a = WsClient.hello(server.port(), null); WsClient extra = WsClient.hello(server.port(), null)) {
            String shared = a.sessionId();
            WsClient b = WsClient.hello(server.port(), shared);
            extra.send("{\"type\":\"hello\",\"session\":\"" + shared + "\"}");
            JsonObject refused = extra.awaitType("error");
            assertEquals("overloaded", refused.get("code").getAsString());
            assertTrue(refused.get("message").getAsString().contains("connections"), refused.toString());
            extra.prompt("own", "still on my own session", null);
            assertEquals("still on my own session", extra.awaitDone("own").get("text").getAsString());
            assertTrue(a.frames("done").isEmpty(), "nothing of the refused connection reached the full session");

            b.close();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                extra.send("{\"type\":\"hello\",\"session\":\"" + shared + "\"}");
                extra.roundTrip();
                return extra.frames("welcome").stream().anyMatch(w -> shared.equals(w.get("session").getAsString()));
            });
        } finally {
            server.stop();
        }
    }

    @Test
    void aReplyThatReachesTheTokenLimitEndsWithAnErrorThatSaysSoAndTheSessionGoesOn() {
        Switchboard server = TestServers.start(cfg -> cfg.maxReplyTokens(10));
        try (WsClient client = WsClient.hello(server.port(), null)) {
            client.prompt("long", "w ".repeat(20).trim(), null);
            JsonObject done = client.awaitDone("long");
            assertEquals("error", done.get("reason").getAsString());
            assertEquals(10, done.get("tokens").getAsInt());
            assertTrue(done.get("error").getAsString().contains("limit of 10 tokens"), done.toString());
            client.prompt("short", "fits", null);
            assertEquals("stop", client.awaitDone("short").get("reason").getAsString());
        } finally {
            server.stop();
        }
    }

    @Test
    void aPromptTooLongOrWithParamsTooLargeIsABadRequest() {
        Switchboard server = TestServers.start(cfg -> cfg.maxPromptChars(10).maxParamsBytes(30));
        try (WsClient client = WsClient.hello(server.port(), null)) {
            client.prompt("long", "this is more than ten", null);
            JsonObject error = client.awaitType("error");
            assertEquals("bad_request", error.get("code").getAsString());
            assertEquals("long", error.get("id").getAsString());
            assertTrue(error.get("message").getAsString().contains("'text'"));
            client.prompt("big", "short", "{\"delayMs\":1,\"repeat\":1,\"firstTokenDelayMs\":0}");
            JsonObject second = client.await(f -> "error".equals(f.get("type").getAsString())
                    && "big".equals(f.get("id").getAsString()));
            assertTrue(second.get("message").getAsString().contains("'params'"));
            // 29 characters, 38 bytes of UTF-8: the limit counts bytes, as its name says
            client.prompt("wide", "short", "{\"delayMs\":1,\"x\":\"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\"}");
            JsonObject third = client.await(f -> "error".equals(f.get("type").getAsString())
                    && "wide".equals(f.get("id").getAsString()));
            assertTrue(third.get("message").getAsString().contains("larger than 30 bytes"), third.toString());
            client.prompt("ok", "short", null);
            assertEquals("short", client.awaitDone("ok").get("text").getAsString());
        } finally {
            server.stop();
        }
    }
}
