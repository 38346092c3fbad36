package dev.switchboard.loadtest;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

/**
 * Whether the load generator's own JVM stops it to collect garbage. A stop delays the reading of
 * every user's frames at once, and the delay counts as the server's token lateness. At 4,000 users
 * G1 (the JVM's default) stopped the load generator for 20 to 50 ms every two seconds or so, which
 * set the run's p99 lateness; with ZGC (no stop longer than a millisecond) the same run measured p99
 * 34 ms instead of 48 to 61.
 */
final class OwnPauses {

    private OwnPauses() {
    }

    /** The collectors this JVM runs, as their management beans name them. */
    static List<String> collectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
    }

    /** A note for the user when {@code collectors} stop the world for more than about a millisecond. */
    static Optional<String> warning(List<String> collectors) {
        boolean concurrent = !collectors.isEmpty()
                && collectors.stream().allMatch(n -> n.startsWith("ZGC") || n.startsWith("Shenandoah"));
        if (concurrent) {
            return Optional.empty();
        }
        return Optional.of("note: this JVM collects garbage with " + String.join(", ", collectors)
                + ", which stops the load generator for tens of milliseconds at a time, and those stops count"
                + " as the server's token lateness; run it on ZGC (java -XX:+UseZGC -jar ..., as loadtest/switchboard-loadtest does) to measure the server alone");
    }
}
