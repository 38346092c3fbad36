package dev.switchboard.loadtest;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a run, as JSON: settings, totals, percentiles, errors, the verdict and the timeline.
 *
 * @param json the whole result
 * @param failures cross-talk and loss failures, and a scenario's own failed checks (any makes the exit code non-zero)
 */
record Result(JsonObject json, long failures, List<String> problems, List<Timeline.Point> timeline) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    static Result of(RunConfig config, Stats stats, List<Timeline.Point> timeline, List<String> problems,
                     double seconds, double cpuSeconds, long expectedTokens, long tokensAtStop) {
        stats.interval(); // fold the last partial second into the totals
        JsonObject json = new JsonObject();
        JsonObject settings = new JsonObject();
        settings.addProperty("url", config.url().toString());
        settings.addProperty("scenario", config.scenario().name().toLowerCase());
        settings.addProperty("users", config.users());
        settings.addProperty("rampSeconds", config.ramp().toMillis() / 1000.0);
        settings.addProperty("durationSeconds", config.duration().toMillis() / 1000.0);
        settings.addProperty("delayMs", config.pacingMs());
        settings.addProperty("tokens", config.tokens());
        settings.addProperty("share", config.share());
        settings.addProperty("usersPerSession", config.usersPerSession());
        settings.addProperty("loadGeneratorGc", String.join(", ", OwnPauses.collectors()));
        settings.addProperty("loadGeneratorIo", config.io().label());
        settings.addProperty("loadGeneratorIoThreads", config.ioThreads());
        settings.addProperty("warmUpSeconds", config.warmUp().toMillis() / 1000.0);
        settings.addProperty("warmUpUsers", config.warmUp().isZero() ? 0 : config.warmUpUsers());
        json.add("settings", settings);

        long tokens = stats.tokens.sum();
        JsonObject totals = new JsonObject();
        totals.addProperty("elapsedSeconds", round(seconds));
        totals.addProperty("connected", stats.connected.sum());
        totals.addProperty("prompts", stats.prompts.sum());
        totals.addProperty("replies", stats.replies.sum());
        totals.addProperty("tokens", tokens);
        totals.addProperty("frames", stats.frames.sum());
        totals.addProperty("tokensPerSecond", round(tokens / Math.max(seconds, 1e-9)));
        if (expectedTokens > 0) {
            totals.addProperty("pacedTokens", expectedTokens);
            totals.addProperty("deliveredFraction", round((double) tokensAtStop / expectedTokens));
        }
        if (cpuSeconds >= 0) {
            totals.addProperty("loadGeneratorCpuSeconds", round(cpuSeconds)); // from the ramp's start to the report
        }
        totals.addProperty("reconnects", stats.reconnects.sum());
        totals.addProperty("slowConsumersClosed", stats.slowClosed.sum());
        json.add("totals", totals);

        JsonObject latency = new JsonObject();
        latency.add("connectMs", percentiles(stats.totalConnect));
        latency.add("ttftMs", percentiles(stats.totalTtft));
        latency.add("tokenLatenessMs", percentiles(stats.totalLateness));
        latency.add("replyDurationMs", percentiles(stats.totalDuration));
        json.add("latency", latency);
        json.add("errors", counts(stats.errors));
        json.add("reasons", counts(stats.reasons));

        JsonObject verdict = new JsonObject();
        long failures = stats.failures.sum();
        verdict.addProperty("pass", failures == 0);
        verdict.addProperty("failures", failures);
        JsonArray examples = new JsonArray();
        problems.forEach(examples::add);
        verdict.add("examples", examples);
        json.add("verdict", verdict);
        json.add("timeline", GSON.toJsonTree(timeline));
        return new Result(json, failures, problems, timeline);
    }

    /**
     * This result with a scenario's own sections (placed before the timeline) and its own failed checks,
     * which count as failures, are listed in the verdict as {@code failedChecks}, and follow the problems.
     */
    Result withChecks(Map<String, JsonElement> sections, List<String> failedChecks) {
        JsonObject extended = new JsonObject();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            if ("timeline".equals(e.getKey())) {
                sections.forEach(extended::add);
            }
            extended.add(e.getKey(), e.getValue().deepCopy());
        }
        long all = failures + failedChecks.size();
        JsonObject verdict = extended.getAsJsonObject("verdict");
        verdict.addProperty("pass", all == 0);
        verdict.addProperty("failures", all);
        verdict.addProperty("crossTalkAndLoss", failures);
        JsonArray checks = new JsonArray();
        failedChecks.forEach(checks::add);
        verdict.add("failedChecks", checks);
        List<String> named = new ArrayList<>(problems);
        named.addAll(failedChecks);
        return new Result(extended, all, List.copyOf(named), timeline);
    }

    String toJson() {
        return GSON.toJson(json);
    }

    private static JsonObject percentiles(Histogram h) {
        JsonObject p = new JsonObject();
        p.addProperty("count", h.getTotalCount());
        for (double q : new double[] {50, 90, 99, 99.9}) {
            p.addProperty("p" + (q == Math.rint(q) ? Integer.toString((int) q) : Double.toString(q)),
                    ProgressPrinter.ms(h.getValueAtPercentile(q)));
        }
        p.addProperty("max", ProgressPrinter.ms(h.getMaxValue()));
        return p;
    }

    private static JsonObject counts(Map<String, LongAdder> adders) {
        JsonObject o = new JsonObject();
        new TreeMap<>(adders).forEach((k, v) -> o.addProperty(k, v.sum()));
        return o;
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
