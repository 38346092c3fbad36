package dev.switchboard;

import dev.switchboard.config.SwitchboardConfig;
import java.time.Duration;
import java.util.function.Consumer;

/** Starts servers for tests: port 0 on loopback, quick echo, and whatever the test adds. */
public final class TestServers {

    private TestServers() {
    }

    public static Switchboard start(Consumer<SwitchboardConfig.Builder> extra) {
        return Switchboard.create(cfg -> {
            cfg.host("127.0.0.1").port(0).echoDelay(Duration.ofMillis(2));
            extra.accept(cfg);
        }).start();
    }

    public static Switchboard start() {
        return start(cfg -> { });
    }
}
