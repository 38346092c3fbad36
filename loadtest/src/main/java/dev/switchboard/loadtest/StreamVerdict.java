package dev.switchboard.loadtest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges the stream one user receives, across reconnects: every reply must be a prompt of its own
 * session (each carries a nonce), whole (its tokens concatenate to {@code done.text}, which is the
 * prompt itself for echo), and in seq order with no duplicate. Anything else is a {@link Problem}.
 *
 * <p>Not thread-safe: one verdict per user, fed under that user's lock from its connections'
 * callbacks.
 */
final class StreamVerdict {

    /** What went wrong. */
    enum Kind {
        /** A frame of a generation or prompt that is not this session's. */
        FOREIGN,
        /** A session event whose seq is not above the last one seen. */
        DUPLICATE,
        /** {@code done.text} is not the prompt that was sent. */
        WRONG_REPLY,
        /** The tokens received do not concatenate to {@code done.text}: bytes lost or changed. */
        INCOMPLETE,
        /** A prompt whose reply never came. */
        LOST
    }

    /** One failure, with enough detail to find it. */
    record Problem(Kind kind, String detail) {
    }

    /** A reply that ended, for the figures. */
    record Finished(String gen, String promptText, String reason, int tokens) {
    }

    private final PromptBook book;
    private final Map<String, Reply> replies = new HashMap<>();
    private String lastGen; // the generation of the last reply looked up, and that reply: nearly every
    private Reply last;     // frame belongs to the same one, and a map lookup per token showed in profiles
    private final List<Problem> problems = new ArrayList<>();
    private long lastSeq;

    StreamVerdict(PromptBook book) {
        this.book = book;
    }

    /** Takes the next frame; returns the reply it finished, if any. */
    Finished accept(Frame frame) {
        String type = frame.type();
        if (type == null || "welcome".equals(type) || "error".equals(type) || "pong".equals(type)) {
            return null;
        }
        long seq = frame.seq();
        if (seq <= lastSeq) {
            problems.add(new Problem(Kind.DUPLICATE, type + " seq " + seq + " after seq " + lastSeq));
            return null;
        }
        lastSeq = seq;
        String gen = frame.gen();
        switch (type) {
            case "queued" -> {
                String text = frame.text();
                if (text == null || !book.contains(text)) {
                    problems.add(new Problem(Kind.FOREIGN, "queued " + gen + " carries a prompt this session never sent: "
                            + clip(text)));
                } else {
                    replies.putIfAbsent(gen, new Reply(text));
                }
            }
            case "start" -> known(gen, type);
            case "token" -> {
                Reply r = known(gen, type); // after its done a generation is no longer known: foreign
                if (r != null) {
                    r.text.append(frame.text());
                }
            }
            case "done" -> {
                Reply r = known(gen, type);
                if (r != null) {
                    return finish(gen, r, frame);
                }
            }
            default -> { }
        }
        return null;
    }

    /** The last seq seen: what a reconnecting user sends as {@code after}. */
    long lastSeq() {
        return lastSeq;
    }

    /** Records that a prompt's reply never came. */
    void lost(String promptText) {
        problems.add(new Problem(Kind.LOST, "no done for prompt " + clip(promptText)));
    }

    List<Problem> problems() {
        return problems;
    }

    private Finished finish(String gen, Reply r, Frame done) {
        String text = done.text();
        String reason = done.reason();
        if ("stop".equals(reason) && !r.prompt.equals(text)) {
            problems.add(new Problem(Kind.WRONG_REPLY, gen + " replied " + clip(text) + " to " + clip(r.prompt)));
        }
        if (text == null || !text.contentEquals(r.text)) {
            problems.add(new Problem(Kind.INCOMPLETE, gen + " tokens " + clip(r.text.toString()) + " but done.text "
                    + clip(text)));
        }
        replies.remove(gen);
        lastGen = null;
        last = null;
        return new Finished(gen, r.prompt, reason, done.tokens());
    }

    private Reply known(String gen, String type) {
        if (gen != null && gen.equals(lastGen)) {
            return last;
        }
        Reply r = gen == null ? null : replies.get(gen);
        if (r == null) {
            problems.add(new Problem(Kind.FOREIGN, type + " of generation " + gen + " this session never queued"));
        } else {
            lastGen = gen;
            last = r;
        }
        return r;
    }


    private static String clip(String s) {
        return s == null ? "null" : s.length() <= 60 ? "'" + s + "'" : "'" + s.substring(0, 60) + "...'";
    }

    private static final class Reply {
        final String prompt;
        final StringBuilder text;

        Reply(String prompt) {
            this.prompt = prompt;
            this.text = new StringBuilder(prompt.length()); // the echo's reply is its prompt: no regrowth
        }
    }
}
