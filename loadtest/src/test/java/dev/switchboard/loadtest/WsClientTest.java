package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's default thread count: few, since the load generator shares the cores with the server. */
@Timeout(5)
class WsClientTest {

    @Test
    void oneEventLoopCarriesUpTo2000UsersAndNoRunGetsMoreThanTwo() {
        assertEquals(1, WsClient.defaultLoops(1));
        assertEquals(1, WsClient.defaultLoops(2000));
        assertEquals(2, WsClient.defaultLoops(2001));
        assertEquals(2, WsClient.defaultLoops(100_000));
    }
}
