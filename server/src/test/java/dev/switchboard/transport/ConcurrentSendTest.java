package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.ManualClock;
import dev.switchboard.RawWsClient;
import dev.switchboard.RawWsClient.Frame;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One connection's frames come from several threads at once: tokens from the pacer,
 * errors and pongs from the selector that reads the client's frames, pings from the sweep's timer.
 * The client checks, byte by byte, that every frame arrives whole, that the session's events come in
 * seq order, and that the tokens add up to the reply.
 */
@Timeout(60)
class ConcurrentSendTest {

    private static final Duration PING_INTERVAL = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();
    private Switchboard server;

    @BeforeEach
    void start() {
        // the clock jumps past the ping interval: every other deadline must lie beyond the jumps
        server = TestServers.start(cfg -> cfg.ticker(clock).pingInterval(PING_INTERVAL).pingTimeout(Duration.ofHours(1))
                .slowConsumerTimeout(Duration.ofHours(1)).tokenTimeout(Duration.ofHours(1)).generationTimeout(Duration.ofHours(1))
                .eventLogMaxBytes(64L << 20).eventLogSize(1_000_000)); // the reader may fall behind: keep all of it
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void tokensErrorsPongsAndPingsFromFourThreadsArriveWholeAndInOrder() throws Exception {
        try (RawWsClient client = RawWsClient.connect(server.port())) {
            client.sendText("{\"type\":\"hello\"}");
            client.readTextContaining("\"welcome\"");
            List<JsonObject> received = new ArrayList<>(); // the reader's own; read once it is done
            java.util.concurrent.atomic.AtomicInteger answers = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
            CompletableFuture<JsonObject> done = CompletableFuture.supplyAsync(() -> {
                while (true) {
                    Frame frame = client.read(); // fails the test on a malformed frame
                    if (frame.opcode() == Frame.PING) {
                        pings.incrementAndGet();
                        client.sendFrame(Frame.PONG, true, frame.payload());
                        continue;
                    }
                    assertEquals(Frame.TEXT, frame.opcode(), "a whole text frame");
                    JsonObject json = JsonParser.parseString(frame.text()).getAsJsonObject();
                    received.add(json);
                    if (!json.has("seq")) {
                        answers.incrementAndGet(); // an error or a pong
                    }
                    if (json.get("type").getAsString().equals("done")) {
                        return json;
                    }
                }
            });
            String text = "a b c d e f g h i j k l m n o p q r s t u v w x y z";
            client.sendText("{\"type\":\"prompt\",\"id\":\"burst\",\"text\":\"" + text + "\","
                    + "\"params\":{\"delayMs\":1,\"repeat\":200}}"); // 5,200 tokens a millisecond apart, from the pacer
            for (int round = 0; round < 3 && !done.isDone(); round++) {
                for (int i = 0; i < 20; i++) {
                    client.sendText(i % 2 == 0 ? "{\"type\":\"ping\"}" : "{\"type\":\"nonsense\"}");
                }
                int answered = 20 * (round + 1);
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> answers.get() >= answered || done.isDone()); // the server has read them all...
                int before = pings.get();
                clock.advance(PING_INTERVAL.plusSeconds(1)); // ...so it has been quiet since: the sweep pings it
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pings.get() > before || done.isDone());
            }
            JsonObject last = done.get(30, TimeUnit.SECONDS);

            StringBuilder tokens = new StringBuilder();
            long seq = 0;
            int errors = 0;
            int pongs = 0;
            for (JsonObject f : received) {
                switch (f.get("type").getAsString()) {
                    case "token" -> tokens.append(f.get("text").getAsString());
                    case "error" -> errors++;
                    case "pong" -> pongs++;
                    default -> { }
                }
                if (f.has("seq")) {
                    assertTrue(f.get("seq").getAsLong() > seq, "session events in seq order: " + f);
                    seq = f.get("seq").getAsLong();
                }
            }
            assertEquals(last.get("text").getAsString(), tokens.toString(), "the tokens add up to the reply");
            assertEquals("stop", last.get("reason").getAsString());
            assertTrue(errors > 0 && pongs > 0, errors + " errors and " + pongs + " pongs among the tokens");
            assertTrue(pings.get() > 0, "the sweep's pings came among them too");
        }
    }
}
