package dev.switchboard.generation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The global admission of generations: at most {@code maxRunning} run at once across all sessions;
 * the rest wait in one FIFO of at most {@code maxQueued}.
 *
 * <p>Sessions hand it only their head generation (one per session at a time), so the FIFO is fair
 * between sessions.
 *
 * <p>Concurrency: {@code lock} guards {@code running} and {@code queue}. Nothing is called out while
 * it is held: hosts are told about admissions and position changes after it is released. Lock order
 * is session lock, then this lock; never the reverse.
 */
public final class Scheduler {

    private final int maxRunning;
    private final int maxQueued;
    private final ReentrantLock lock = new ReentrantLock();
    private int running; // guarded by lock
    private final ArrayDeque<Generation> queue = new ArrayDeque<>(); // guarded by lock

    public Scheduler(int maxRunning, int maxQueued) {
        this.maxRunning = maxRunning;
        this.maxQueued = maxQueued;
    }

    /**
     * Takes a slot for {@code gen} or queues it.
     *
     * @param force queue even past the queue's limit: for prompts the server has already accepted
     */
    public Admission admit(Generation gen, boolean force) {
        lock.lock();
        try {
            if (running < maxRunning && queue.isEmpty()) {
                running++;
                return Admission.RUN;
            }
            if (!force && queue.size() >= maxQueued) {
                return Admission.REJECTED;
            }
            queue.addLast(gen);
            gen.globalPosition(queue.size());
            return Admission.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code gen} out of the queue. Does not notify anyone, so a session may call it under its
     * own lock.
     *
     * @return the generations whose position changed (tell their hosts once no lock is held), or null
     *     when {@code gen} was not queued (it has been admitted meanwhile)
     */
    public List<Generation> remove(Generation gen) {
        lock.lock();
        try {
            if (!queue.remove(gen)) {
                return null;
            }
            gen.globalPosition(0);
            return renumberLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Gives a slot back and admits the head of the queue into it. */
    public void release() {
        Generation next = null;
        List<Generation> moved = List.of();
        lock.lock();
        try {
            running--;
            if (!queue.isEmpty() && running < maxRunning) {
                next = queue.pollFirst();
                next.globalPosition(0);
                running++;
                moved = renumberLocked();
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            next.host().admitted();
            moved.forEach(g -> g.host().positionChanged());
        }
    }

    /** Generations running now. */
    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Generations waiting in the global queue now. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private List<Generation> renumberLocked() {
        List<Generation> all = new ArrayList<>(queue.size());
        int position = 1;
        for (Generation g : queue) {
            g.globalPosition(position++);
            all.add(g);
        }
        return all;
    }
}
