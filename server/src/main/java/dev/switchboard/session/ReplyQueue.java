package dev.switchboard.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's accepted prompts that have not ended: the head (running, or waiting in the global
 * queue) and the FIFO behind it; and where each stands in line.
 *
 * <p>Concurrency: not thread-safe; the owning session's lock guards every call.
 */
final class ReplyQueue {

    private Reply head;
    private final ArrayDeque<Reply> waiting = new ArrayDeque<>();
    private final Map<String, Reply> live = new HashMap<>();

    /** The head reply, or null when nothing is queued or running. */
    Reply head() {
        return head;
    }

    /** True when {@code limit} prompts already wait behind the head. */
    boolean isFull(int limit) {
        return head != null && waiting.size() >= limit;
    }

    /** Adds an accepted reply: as the head when there is none, else at the back of the FIFO. */
    void add(Reply reply) {
        live.put(reply.gen.id(), reply);
        if (head == null) {
            head = reply;
        } else {
            waiting.addLast(reply);
        }
    }

    /** Takes an ended reply out; when it was the head, the next one (if any) becomes the head. */
    void remove(Reply reply) {
        live.remove(reply.gen.id());
        if (reply == head) {
            head = waiting.pollFirst();
        } else {
            waiting.remove(reply);
        }
    }

    /** The live reply with this generation id, or null. */
    Reply get(String genId) {
        return live.get(genId);
    }

    /** True while the generation has not ended: its events must stay in the resume log. */
    boolean isLive(String genId) {
        return live.containsKey(genId);
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    /** Every live reply, head first. */
    List<Reply> all() {
        List<Reply> all = new ArrayList<>(live.size());
        if (head != null) {
            all.add(head);
        }
        all.addAll(waiting);
        return all;
    }

    /**
     * Generations that will start before {@code r}, plus one: the global queue ahead of the head,
     * then this session's own FIFO. Prompts behind the head enter the global queue only when they
     * become the head, so under saturation this is a lower bound.
     */
    int position(Reply r) {
        int headPosition = head == null || head.phase == Reply.Phase.RUNNING
                ? 0 : Math.max(1, head.gen.globalPosition());
        if (r == head) {
            return Math.max(1, headPosition);
        }
        int index = 0;
        for (Reply w : waiting) {
            if (w == r) {
                break;
            }
            index++;
        }
        return headPosition + index + 1;
    }
}
