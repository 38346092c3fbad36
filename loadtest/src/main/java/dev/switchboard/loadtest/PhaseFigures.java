package dev.switchboard.loadtest;

import com.google.gson.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * The well-behaved users' figures of one phase, as the hostile verdict judges them.
 *
 * @param seconds how long the phase lasted
 * @param latenessSamples tokens whose lateness was measured (0: no figure below means anything)
 * @param latenessP50Ms token lateness, median
 * @param worstStallMs the largest gap between two consecutive tokens of one reply, including a reply
 *     still waiting for its next token when the phase ended
 * @param tokens tokens delivered during the phase's duration (the attack phase's grace not included)
 * @param pacedTokens tokens the pacing allows in that time, or 0 when unpaced
 * @param errors {@code error} frames and failed connects the users got, by code
 */
record PhaseFigures(double seconds, long latenessSamples, double latenessP50Ms, double latenessP99Ms,
                    double latenessMaxMs, long ttftSamples, double ttftP50Ms, double ttftP99Ms, double worstStallMs,
                    long tokens, long pacedTokens, long replies, long reconnects, Map<String, Long> errors) {

    PhaseFigures {
        errors = Map.copyOf(errors);
    }

    /** All the errors, whatever their code. */
    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("seconds", round(seconds));
        JsonObject lateness = new JsonObject();
        lateness.addProperty("count", latenessSamples);
        lateness.addProperty("p50", latenessP50Ms);
        lateness.addProperty("p99", latenessP99Ms);
        lateness.addProperty("max", latenessMaxMs);
        o.add("tokenLatenessMs", lateness);
        JsonObject ttft = new JsonObject();
        ttft.addProperty("count", ttftSamples);
        ttft.addProperty("p50", ttftP50Ms);
        ttft.addProperty("p99", ttftP99Ms);
        o.add("ttftMs", ttft);
        o.addProperty("worstStallMs", worstStallMs);
        o.addProperty("tokens", tokens);
        if (pacedTokens > 0) {
            o.addProperty("pacedTokens", pacedTokens);
            o.addProperty("deliveredFraction", round((double) tokens / pacedTokens));
        }
        o.addProperty("replies", replies);
        o.addProperty("reconnects", reconnects);
        JsonObject e = new JsonObject();
        new TreeMap<>(errors).forEach(e::addProperty);
        o.add("errors", e);
        return o;
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
