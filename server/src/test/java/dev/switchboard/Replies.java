package dev.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
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
}
