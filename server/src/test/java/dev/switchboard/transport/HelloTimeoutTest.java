package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.ManualClock;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PROTOCOL.md: the first frame must be hello, within the hello timeout; otherwise close 1008. */
@Timeout(30)
class HelloTimeoutTest {

    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock();
    private Switchboard server;

    @BeforeEach
    void start() {
        server = TestServers.start(cfg -> cfg.ticker(clock).helloTimeout(HELLO_TIMEOUT));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void connectionsWithoutAHelloAreClosedWith1008OnceTheHelloTimeoutPassesAndOneThatSaidHelloIsNot() {
        try (WsClient silent = WsClient.connect(server.port()); WsClient pinger = WsClient.connect(server.port());
             WsClient helloed = WsClient.hello(server.port(), null)) {
            pinger.send("{\"type\":\"ping\"}"); // anything but hello does not count
            assertEquals("hello_required", pinger.awaitType("error").get("code").getAsString());

            clock.advance(HELLO_TIMEOUT.plusSeconds(1));
            assertEquals(1008, silent.closed().orTimeout(10, TimeUnit.SECONDS).join());
            assertEquals(1008, pinger.closed().orTimeout(10, TimeUnit.SECONDS).join());
            helloed.roundTrip(); // the sweep that closed the others has passed this one by
            assertFalse(helloed.closed().isDone());
        }
    }
}
