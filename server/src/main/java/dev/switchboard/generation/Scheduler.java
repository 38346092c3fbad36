package dev.switchboard.generation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The global admission of generations: at most {@code maxRunning} run at once across all sessions;
 * the rest wait in one FIFO of at most {@code maxQueued}.
 *
 * <p>Sessions hand it only their head generation (one per session at a time), so the FIFO is fair
 * between sessions.
 *
 * <h2>Positions</h2>
 * A freed slot costs O(1): the head of the FIFO is admitted and nobody else is told at once. Those
 * behind it, and the prompts waiting in their sessions, learn their new places from one task that
 * runs at most every {@value #POSITION_PERIOD_MILLIS} ms while something has moved: it numbers the
 * FIFO once and asks each session concerned to re-publish what changed (PROTOCOL.md allows at most
 * one position update per generation per 500 ms). Before, every freed slot renumbered the whole FIFO
 * and every waiting reply of every session re-published its {@code queued} at once: with 1,000
 * sessions of nine queued 32 KB prompts, 290 MB of frames per completion.
 *
 * <p>Concurrency: {@code lock} guards {@code running}, {@code queue}, the set of generations to
 * refresh and whether the task is due. Nothing is called out while it is held: hosts are told about
 * admissions and positions after it is released. Lock order is session lock, then this lock; never
 * the reverse. The position task runs on a timer thread and takes session locks only after it has
 * released this one.
 */
public final class Scheduler {

    static final long POSITION_PERIOD_MILLIS = 500;

    private final int maxRunning;
    private final int maxQueued;
    private final ScheduledExecutorService timers;
    private final ReentrantLock lock = new ReentrantLock();
    private int running; // guarded by lock
    private final LinkedHashSet<Generation> queue = new LinkedHashSet<>(); // guarded by lock; FIFO, O(1) removal
    private boolean queueMoved; // guarded by lock: the FIFO changed since it was last numbered
    private final LinkedHashSet<Generation> toRefresh = new LinkedHashSet<>(); // guarded by lock
    private boolean refreshDue; // guarded by lock: the position task is scheduled

    /** @param timers runs the position task */
    public Scheduler(int maxRunning, int maxQueued, ScheduledExecutorService timers) {
        this.maxRunning = maxRunning;
        this.maxQueued = maxQueued;
        this.timers = timers;
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
            queue.add(gen);
            gen.globalPosition(queue.size());
            return Admission.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code gen} out of the queue. Does not notify anyone, so a session may call it under its
     * own lock; the others' positions are re-published by the position task.
     *
     * @return false when {@code gen} was not queued (it has been admitted meanwhile)
     */
    public boolean remove(Generation gen) {
        lock.lock();
        try {
            if (!queue.remove(gen)) {
                return false;
            }
            gen.globalPosition(0);
            queueMovedLocked();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Gives a slot back and admits the head of the queue into it. */
    public void release() {
        Generation next = null;
        lock.lock();
        try {
            running--;
            if (!queue.isEmpty() && running < maxRunning) {
                Iterator<Generation> first = queue.iterator();
                next = first.next();
                first.remove();
                next.globalPosition(0);
                running++;
                queueMovedLocked();
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            next.host().admitted();
        }
    }

    /**
     * Positions within {@code gen}'s session moved (a reply ahead of it ended or started): its host
     * re-publishes them within {@value #POSITION_PERIOD_MILLIS} ms. Safe under a session's lock.
     */
    public void refreshSoon(Generation gen) {
        lock.lock();
        try {
            toRefresh.add(gen);
            scheduleLocked();
        } finally {
            lock.unlock();
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

    private void queueMovedLocked() {
        queueMoved = true;
        scheduleLocked();
    }

    private void scheduleLocked() {
        if (refreshDue) {
            return;
        }
        try {
            timers.schedule(this::refreshPositions, POSITION_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            refreshDue = true;
        } catch (RejectedExecutionException stopping) {
            // the server is stopping: nobody needs positions any more
        }
    }

    /** The position task: numbers the FIFO if it moved, then has every host concerned re-publish. */
    private void refreshPositions() {
        List<Generation> concerned;
        lock.lock();
        try {
            refreshDue = false;
            concerned = new ArrayList<>(toRefresh.size() + (queueMoved ? queue.size() : 0));
            if (queueMoved) {
                int position = 1;
                for (Generation g : queue) {
                    g.globalPosition(position++);
                    concerned.add(g);
                }
                queueMoved = false;
            }
            concerned.addAll(toRefresh);
            toRefresh.clear();
        } finally {
            lock.unlock();
        }
        for (Generation g : concerned) {
            g.host().positionChanged();
        }
    }
}
