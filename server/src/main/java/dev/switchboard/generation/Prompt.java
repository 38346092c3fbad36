package dev.switchboard.generation;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a generator is asked: the prompt text and params, and a snapshot of the session's
 * conversation and state taken when the generation started.
 *
 * <p>Concurrency: the data is immutable. Cancel hooks are guarded by {@code lock}; {@link #cancel}
 * runs each hook once, on the thread that cancels, and a hook added after cancel runs at once.
 */
public final class Prompt {

    private final String text;
    private final JsonObject params;
    private final List<Turn> history;
    private final JsonObject state;

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Runnable> cancelHooks = new ArrayList<>(2); // guarded by lock
    private volatile boolean cancelled;

    public Prompt(String text, JsonObject params, List<Turn> history, JsonObject state) {
        this.text = text;
        this.params = params;
        this.history = List.copyOf(history);
        this.state = state;
    }

    /** The user's prompt text. */
    public String text() {
        return text;
    }

    /** The prompt's params (already accepted by {@link Generator#checkParams}); do not modify. */
    public JsonObject params() {
        return params;
    }

    /** The finished turns of the session before this prompt, oldest first. */
    public List<Turn> history() {
        return history;
    }

    /** A copy of the session state when the generation started. */
    public JsonObject state() {
        return state.deepCopy();
    }

    /** True once the generation was cancelled, timed out or shut down. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code hook} when the generation is cancelled (at once if it already was). */
    public void onCancel(Runnable hook) {
        lock.lock();
        try {
            if (!cancelled) {
                cancelHooks.add(hook);
                return;
            }
        } finally {
            lock.unlock();
        }
        hook.run();
    }

    /** Marks the prompt cancelled and runs the hooks; later calls do nothing. */
    void cancel() {
        List<Runnable> hooks;
        lock.lock();
        try {
            if (cancelled) {
                return;
            }
            cancelled = true;
            hooks = List.copyOf(cancelHooks);
            cancelHooks.clear();
        } finally {
            lock.unlock();
        }
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (RuntimeException ignored) {
                // a failing hook must not keep the others from running
            }
        }
    }
}
