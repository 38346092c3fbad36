package dev.switchboard;

import dev.switchboard.config.SwitchboardConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Starts servers for tests: port 0 on loopback, quick echo, no drain on stop, rate limits out of the
 * way (tests of other behaviour send fast; the rate-limit tests set their own), and whatever the test
 * adds.
 */
public final class TestServers {

    private TestServers() {
    }

    public static Switchboard start(Consumer<SwitchboardConfig.Builder> extra) {
        return Switchboard.create(cfg -> {
            cfg.host("127.0.0.1").port(0).echoDelay(Duration.ofMillis(2)).drainTimeout(Duration.ZERO)
                    .frameRate(100_000, 100_000).promptRate(100_000, 100_000)
                    .sessionRate(100_000, 100_000).addressSessionRate(100_000, 100_000);
            extra.accept(cfg);
        }).start();
    }

    public static Switchboard start() {
        return start(cfg -> { });
    }

    /** After a test: closes the clients it opened, then stops its server (if it started one). */
    public static void stop(Switchboard server, List<WsClient> clients) {
        clients.forEach(WsClient::close);
        if (server != null) {
            server.stop();
        }
    }
}
