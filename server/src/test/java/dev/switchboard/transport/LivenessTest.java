package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.ManualClock;
import dev.switchboard.RawWsClient;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server pings quiet WebSockets and closes those that do not answer; the clock is moved by hand. */
@Timeout(30)
class LivenessTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock();
    private Switchboard server;

    @BeforeEach
    void start() {
        server = TestServers.start(cfg -> cfg.ticker(clock).pingInterval(INTERVAL).pingTimeout(TIMEOUT));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aQuietClientThatAnswersPingsStaysConnectedAndOneThatNeverAnswersIsClosed() {
        try (WsClient alive = WsClient.hello(server.port(), null); RawWsClient dead = RawWsClient.connect(server.port())) {
            dead.sendText("{\"type\":\"hello\"}"); // and then it never answers a ping
            dead.readTextContaining("\"welcome\"");

            clock.advance(INTERVAL.plusSeconds(1));
            assertEquals(RawWsClient.Frame.PING, dead.read().opcode(), "a quiet connection is pinged");
            alive.roundTrip(); // the JDK client answered its ping before it read this round trip's pong...
            alive.roundTrip(); // ...so the server has read that answer before it answers this one

            clock.advance(TIMEOUT.plusSeconds(1));
            assertEquals(1008, dead.readUntilClose(Duration.ofSeconds(10)).closeCode(), "closed for not answering");
            alive.roundTrip();
            assertFalse(alive.closed().isDone(), "the client that answered stays connected");
        }
    }
}
