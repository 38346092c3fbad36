package dev.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;

/** Checks over the frames one connection received. */
public final class Replies {

    private Replies() {
    }

    /** The concatenated token texts of generation {@code gen}, in the order received. */
    public static String tokens(List<JsonObject> frames, String gen) {
        StringBuilder out = new StringBuilder();
        for (JsonObject f : frames) {
            if ("token".equals(f.get("type").getAsString()) && gen.equals(f.get("gen").getAsString())) {
                out.append(f.get("text").getAsString());
            }
        }
        return out.toString();
    }

    /** Asserts that session events (frames with a seq) have strictly increasing seq. */
    public static void assertSeqStrictlyIncreasing(List<JsonObject> frames) {
        long last = 0;
        for (JsonObject f : frames) {
            if (f.has("seq") && !"welcome".equals(f.get("type").getAsString())) {
                long seq = f.get("seq").getAsLong();
                long previous = last;
                assertTrue(seq > last, () -> "seq " + seq + " after " + previous + " in " + frames); // lazy: frames may be MBs
                last = seq;
            }
        }
    }

    /** Asserts the reply to {@code done} is whole: its tokens concatenate to its text. */
    public static void assertWhole(List<JsonObject> frames, JsonObject done) {
        assertEquals(done.get("text").getAsString(), tokens(frames, done.get("gen").getAsString()),
                "tokens of " + done.get("gen") + " concatenate to done.text");
    }

    /** The session events among {@code frames} (frames with a seq, other than welcome), in order. */
    public static List<JsonObject> events(List<JsonObject> frames) {
        return frames.stream().filter(f -> f.has("seq") && !"welcome".equals(f.get("type").getAsString())).toList();
    }

    /** The seq of each session event among {@code frames}, in order. */
    public static List<Long> seqs(List<JsonObject> frames) {
        return events(frames).stream().map(f -> f.get("seq").getAsLong()).toList();
    }

    /** The session events of generation {@code gen} among {@code frames}, in order. */
    public static List<JsonObject> ofGen(List<JsonObject> frames, String gen) {
        return events(frames).stream().filter(f -> gen.equals(f.get("gen").getAsString())).toList();
    }

    /**
     * Asserts that {@code client}'s reply {@code done} streamed token by token on time: the longest
     * gap between two of its tokens' arrivals is under {@code maxGap}.
     */
    public static void assertTokenGapsUnder(WsClient client, JsonObject done, Duration maxGap) {
        String gen = done.get("gen").getAsString();
        List<Long> times = client.arrivals().stream().filter(a -> a.type().equals("token")
                && gen.equals(a.frame().get("gen").getAsString())).map(WsClient.Arrival::nanos).toList();
        assertTrue(times.size() > 1, "tokens arrive one by one, not " + times.size() + " at once");
        long worst = 0;
        for (int i = 1; i < times.size(); i++) {
            worst = Math.max(worst, times.get(i) - times.get(i - 1));
        }
        assertTrue(worst < maxGap.toNanos(), "a token gap of " + worst / 1_000_000 + " ms");
    }

    /** The roles and texts of a history's turns, without their ids and times: for comparing with a literal. */
    public static com.google.gson.JsonArray rolesAndTexts(com.google.gson.JsonElement history) {
        com.google.gson.JsonArray out = new com.google.gson.JsonArray();
        for (com.google.gson.JsonElement e : history.getAsJsonArray()) {
            JsonObject turn = new JsonObject();
            turn.add("role", e.getAsJsonObject().get("role"));
            turn.add("text", e.getAsJsonObject().get("text"));
            out.add(turn);
        }
        return out;
    }
}
