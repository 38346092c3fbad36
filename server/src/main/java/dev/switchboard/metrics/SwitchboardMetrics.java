package dev.switchboard.metrics;

import dev.switchboard.generation.Reason;
import dev.switchboard.session.SessionObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The server's meters, in one Prometheus registry per server (never the global one, so two servers
 * in one JVM, as in tests, do not mix their numbers). Names are dotted here and appear in Prometheus
 * as {@code switchboard_tokens_sent_total} and so on. Tags have low cardinality: never a session id.
 *
 * <p>Concurrency: Micrometer meters are thread-safe and lock-free; the observer methods run under a
 * session's lock, so they only record.
 */
public final class SwitchboardMetrics implements SessionObserver, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<Reason, Counter> ended = new EnumMap<>(Reason.class);
    private final Counter resumedWhole;
    private final Counter resumedWithGap;
    private final Timer ttft;
    private final GapHistogram tokenGaps = new GapHistogram("switchboard_token_gap_seconds",
            "Time between consecutive tokens of a reply", LATENCY_BUCKETS);
    private final Timer duration;
    private final List<LongAdder> hotCounters = new CopyOnWriteArrayList<>();

    public SwitchboardMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        for (Reason reason : Reason.values()) {
            ended.put(reason, Counter.builder("switchboard.generations").tag("reason", reason.wire())
                    .description("Replies ended, by reason").register(registry));
        }
        resumedWhole = resumes("ok");
        resumedWithGap = resumes("gap");
        ttft = latency("switchboard.ttft", "Time from a reply's start to its first token");
        registry.getPrometheusRegistry().register(tokenGaps);
        duration = Timer.builder("switchboard.generation.duration").description("Time from start to done")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(15)).register(registry);
    }

    /**
     * A latency histogram with fixed buckets from 1 ms to 60 s: fifteen, not Micrometer's ~70
     * percentile buckets, which answer the questions asked of it. The token gap, recorded once per
     * token, has the same buckets in a {@link GapHistogram}.
     */
    private Timer latency(String name, String description) {
        return Timer.builder(name).description(description)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private Counter resumes(String result) {
        return Counter.builder("switchboard.resumes").tag("result", result)
                .description("Hellos with 'after': ok when every missed event was replayed, gap when not")
                .register(registry);
    }

    /** The registry, for binders of other components (the session cache). */
    public MeterRegistry registry() {
        return registry;
    }

    /** A counter in this registry. */
    public Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /**
     * A counter for paths that count every token: an adder that the registry reads at scrape time.
     * A Micrometer counter's increment also offers the value to the Prometheus exemplar sampler, which
     * reads the clock each time.
     */
    public LongAdder hotCounter(String name, String description, String... tags) {
        LongAdder adder = new LongAdder();
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).tags(tags).register(registry);
        hotCounters.add(adder); // a function counter holds its object weakly
        return adder;
    }

    /** A gauge in this registry that reads {@code value} at scrape time. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void generationEnded(Reason reason, long durationNanos) {
        ended.get(reason).increment();
        if (durationNanos > 0) {
            duration.record(durationNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void firstToken(long nanos) {
        ttft.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void tokenGap(long nanos) {
        tokenGaps.record(nanos);
    }

    @Override
    public void resumed(boolean gap) {
        (gap ? resumedWithGap : resumedWhole).increment();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
