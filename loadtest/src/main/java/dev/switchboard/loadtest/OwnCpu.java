package dev.switchboard.loadtest;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The load generator's own CPU time. On a machine it shares with the server, what it takes is what
 * the server does not get: at 4,000 users x 20 tokens/s the two took about as much each, so a run's
 * result says how much the load generator used, beside the lateness it measured.
 */
final class OwnCpu {

    private OwnCpu() {
    }

    /** CPU time of this whole process (every thread, JIT and GC included) in nanoseconds, or -1 if unknown. */
    static long nanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean hotspot ? hotspot.getProcessCpuTime() : -1;
    }
}
