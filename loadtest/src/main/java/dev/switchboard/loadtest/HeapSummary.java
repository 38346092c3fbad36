package dev.switchboard.loadtest;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The server's heap over the two phases, from the {@link HeapSampler}'s samples, and its check: the
 * heap must come back down after an attack. The lowest heap of the attack phase's last third is what
 * the attack left behind that the collector could not free (a maximum would also count garbage not
 * collected yet); it must not be more than the allowed growth above the calm phase's highest.
 *
 * @param exposed whether any answer carried the heap at all (if none did, nothing is checked)
 * @param calmMaxBytes the calm phase's highest heap, or -1 without a sample
 * @param attackMaxBytes the attack phase's highest, or -1
 * @param attackLastThirdMinBytes the lowest in the last third of the attack phase, or -1
 * @param calmFailed questions of the calm phase with no answer in time; {@code attackFailed} likewise
 */
record HeapSummary(boolean exposed, long calmMaxBytes, long attackMaxBytes, long attackLastThirdMinBytes,
                   int calmSamples, int attackSamples, int calmFailed, int attackFailed) {

    /** The samples' summary, for the calm phase from {@code calmFrom} to {@code attackFrom} and the attack to {@code attackTo}. */
    static HeapSummary of(List<HeapSampler.Sample> samples, long calmFrom, long attackFrom, long attackTo) {
        long lastThird = attackFrom + (attackTo - attackFrom) * 2 / 3;
        long calmMax = -1;
        long attackMax = -1;
        long lastMin = -1;
        int calmN = 0;
        int attackN = 0;
        int calmFailed = 0;
        int attackFailed = 0;
        boolean exposed = false;
        for (HeapSampler.Sample s : samples) {
            exposed |= s.heapBytes().isPresent();
            boolean calm = s.nanos() >= calmFrom && s.nanos() < attackFrom;
            boolean attack = s.nanos() >= attackFrom && s.nanos() <= attackTo;
            if (s.outcome() == HeapSampler.Outcome.FAILED) {
                calmFailed += calm ? 1 : 0;
                attackFailed += attack ? 1 : 0;
            }
            if (s.heapBytes().isEmpty() || !(calm || attack)) {
                continue;
            }
            long bytes = s.heapBytes().getAsLong();
            if (calm) {
                calmN++;
                calmMax = Math.max(calmMax, bytes);
            } else {
                attackN++;
                attackMax = Math.max(attackMax, bytes);
                if (s.nanos() >= lastThird) {
                    lastMin = lastMin < 0 ? bytes : Math.min(lastMin, bytes);
                }
            }
        }
        return new HeapSummary(exposed, calmMax, attackMax, lastMin, calmN, attackN, calmFailed, attackFailed);
    }

    /**
     * The failure, if the attack's last third stayed more than {@code maxGrowthBytes} above the calm
     * maximum; empty when it did not, or when there is nothing to compare (see {@link #note}).
     */
    Optional<String> failure(long maxGrowthBytes) {
        if (!checkable()) {
            return Optional.empty();
        }
        long growth = attackLastThirdMinBytes - calmMaxBytes;
        if (growth <= maxGrowthBytes) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "heap: the attack phase's last third never went below %s, %s above the calm phase's maximum of %s"
                        + " (--max-heap-growth %s)", mb(attackLastThirdMinBytes), mb(growth), mb(calmMaxBytes),
                mb(maxGrowthBytes)));
    }

    /** Why the heap was not checked, if it was not. */
    Optional<String> note() {
        if (!exposed) {
            return Optional.of("heap: not exposed");
        }
        if (calmMaxBytes < 0) {
            return Optional.of("heap: not checked, no sample in the calm phase");
        }
        if (attackLastThirdMinBytes < 0) {
            return Optional.of("heap: not checked, no sample in the attack phase's last third ("
                    + attackFailed + " questions of the attack phase went unanswered)");
        }
        return Optional.empty();
    }

    private boolean checkable() {
        return exposed && calmMaxBytes >= 0 && attackLastThirdMinBytes >= 0;
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("exposed", exposed);
        o.addProperty("calmMaxMB", mbNumber(calmMaxBytes));
        o.addProperty("attackMaxMB", mbNumber(attackMaxBytes));
        o.addProperty("attackLastThirdMinMB", mbNumber(attackLastThirdMinBytes));
        o.addProperty("calmSamples", calmSamples);
        o.addProperty("attackSamples", attackSamples);
        o.addProperty("calmUnanswered", calmFailed);
        o.addProperty("attackUnanswered", attackFailed);
        note().ifPresent(n -> o.addProperty("note", n));
        return o;
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    private static double mbNumber(long bytes) {
        return bytes < 0 ? -1 : Math.round(bytes / 1048576.0 * 10) / 10.0;
    }
}
