package dev.switchboard.loadtest.attack;

import com.google.gson.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one abuse of the catalogue did and got back, over all attackers and turns: frames sent,
 * connections made, frames and bytes received, errors received by code, closes received by code
 * (1006 when the server ended the connection without a close frame), and counts and maxima of the
 * abuse's own (named by the abuse).
 *
 * <p>Concurrency: written on the attackers' event loop, read by the thread that reports; adders,
 * accumulators and concurrent maps make both safe.
 */
final class AbuseCounters {

    /** RFC 6455's code for a connection that ended without a close frame (never sent on the wire). */
    static final int NO_CLOSE_FRAME = 1006;

    final LongAdder connections = new LongAdder();
    final LongAdder framesSent = new LongAdder();
    final LongAdder framesReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    private final Map<String, LongAdder> connectFailures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAccumulator> maxima = new ConcurrentHashMap<>();

    /** An {@code error} frame with {@code code} came. */
    void error(String code) {
        errors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** The server closed a connection with {@code code}. */
    void closed(int code) {
        closes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** A connection could not be made, for {@code why} (short: an HTTP status, a reason). */
    void connectFailed(String why) {
        connectFailures.computeIfAbsent(why, w -> new LongAdder()).increment();
    }

    /** Adds one to the abuse's own count {@code name}. */
    void count(String name) {
        counts.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    /** Keeps the largest {@code value} of the abuse's own measure {@code name}. */
    void max(String name, long value) {
        maxima.computeIfAbsent(name, n -> new LongAccumulator(Math::max, Long.MIN_VALUE)).accumulate(value);
    }

    /** The errors received, by code (for tests and the report). */
    long errors(String code) {
        LongAdder a = errors.get(code);
        return a == null ? 0 : a.sum();
    }

    /** The closes received with {@code code}. */
    long closes(int code) {
        LongAdder a = closes.get(code);
        return a == null ? 0 : a.sum();
    }

    /** The abuse's own count {@code name}. */
    long count(String name, long absent) {
        LongAdder a = counts.get(name);
        return a == null ? absent : a.sum();
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("connections", connections.sum());
        o.add("connectFailures", sums(connectFailures));
        o.addProperty("framesSent", framesSent.sum());
        o.addProperty("framesReceived", framesReceived.sum());
        o.addProperty("bytesReceived", bytesReceived.sum());
        o.add("errors", sums(errors));
        JsonObject c = new JsonObject();
        new TreeMap<>(closes).forEach((code, n) -> c.addProperty(Integer.toString(code), n.sum()));
        o.add("closes", c);
        JsonObject own = sums(counts);
        new TreeMap<>(maxima).forEach((name, m) -> own.addProperty(name, m.get()));
        o.add("own", own);
        return o;
    }

    private static JsonObject sums(Map<String, LongAdder> map) {
        JsonObject o = new JsonObject();
        new TreeMap<>(map).forEach((k, v) -> o.addProperty(k, v.sum()));
        return o;
    }
}
