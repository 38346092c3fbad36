package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OwnCpuTest {

    @Test
    void countsTheCpuThisProcessSpends() {
        long before = OwnCpu.nanos();
        assertTrue(before >= 0, "HotSpot knows its process CPU time");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long work = 0;
        while (OwnCpu.nanos() == before && System.nanoTime() < deadline) {
            for (int i = 0; i < 100_000; i++) {
                work += i ^ work; // busy work, so that the process's CPU time moves
            }
        }
        assertTrue(OwnCpu.nanos() > before, "CPU time after busy work (" + work + ")");
    }
}
