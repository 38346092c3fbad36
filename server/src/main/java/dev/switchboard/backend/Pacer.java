package dev.switchboard.backend;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces the echo's tokens: timing wheels of 1 ms ticks, one thread per wheel, where each pending
 * {@link Step} is linked into the slot of its tick.
 *
 * <p>Why not a {@code ScheduledExecutorService}: it costs a new task object and two heap operations
 * (a dozen comparisons over cold tasks at 4,000 streams) per token, and wakes a thread for nearly every
 * token; in profiles at 1,000 to 4,000 streaming users that was about 6% of the server's CPU. Here a
 * token is a link into an array slot, every step due in the same millisecond runs in one wake-up, and
 * nothing is allocated: the step object is reused for every token of a reply. Steps are due at
 * whole ticks: {@code delayMs} is given in milliseconds, and a step never runs before its tick begins.
 *
 * <h2>Bursts</h2>
 * A step that wants to run again at once (a reply with no pause between tokens) is a burst
 * ({@link #burst}): it runs in the time a wheel has left between ticks, after every step that is due,
 * taking turns with the other bursts in FIFO order. A burst's step does a bounded slice of work and
 * calls {@link #burst} again; so no burst holds a wheel's thread for more than a slice, and a paced
 * reply on the same wheel is never late by more than one slice. Before bursts took turns, one
 * two-million-token reply ran whole in a single step and a paced reply behind it stalled for 5.5 s.
 *
 * <p>Concurrency: each wheel has a lock guarding its slots and its counters. {@link #schedule} may be
 * called from any thread: it takes the lock, links the step, and wakes the wheel's thread only if that
 * thread sleeps past the new step's tick. The wheel's thread unlinks the due steps under the lock and
 * runs them after releasing it, so a step may schedule itself again; such a step (nearly every token)
 * goes on a list that only the wheel's thread touches, and the whole list is linked in under one
 * lock after the run, instead of a lock and an unlock per token. A step stays on the wheel it was
 * first scheduled on and is in at most one slot at a time (its owner schedules it again only from its
 * own run). Cancelling is the step's business: a cancelled step still fires and returns at once.
 * Bursts wait in a FIFO of their own under the same lock; the wheel's thread takes the whole FIFO at
 * once and runs it from a list of its own, so a burst that asks for another turn from its run goes to
 * the back of that list without a lock.
 */
public final class Pacer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pacer.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * Something to run after a delay, or as a burst; one object is scheduled again and again, never
     * twice at once.
     */
    public abstract static class Step implements Runnable {
        private Wheel wheel; // set on first schedule, then fixed
        private Step next; // guarded by wheel.lock while linked
        private long dueTick; // guarded by wheel.lock while linked
    }

    /** How long one turn of a burst should take: the most a paced step on its wheel waits for it. */
    public static final long BURST_SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final long origin = System.nanoTime();
    private final Wheel[] wheels;
    private final AtomicInteger nextWheel = new AtomicInteger();

    /** Starts {@code threads} wheels, each on its own platform thread. */
    public Pacer(int threads) {
        wheels = new Wheel[Math.max(1, threads)];
        for (int i = 0; i < wheels.length; i++) {
            wheels[i] = new Wheel(origin);
            Thread.ofPlatform().name("switchboard-pacer-" + i).daemon().start(wheels[i]::run);
        }
    }

    /** The tick (millisecond) now is in. */
    public long tickNow() {
        return (System.nanoTime() - origin) / TICK_NANOS;
    }

    /** The first tick that starts {@code delayMs} or more from now. */
    public long tickAfter(long delayMs) {
        return Math.ceilDiv(System.nanoTime() - origin, TICK_NANOS) + delayMs;
    }

    /**
     * Runs {@code step} on its wheel's thread once {@code tick} has begun (at once if it has already).
     * A reply paces itself by adding its delay to the tick it was due in, so its tokens stay on an
     * exact millisecond grid: never ahead of it, and a late token does not make a burst.
     */
    public void scheduleAt(Step step, long tick) {
        if (step.wheel == null) {
            step.wheel = wheels[Math.floorMod(nextWheel.getAndIncrement(), wheels.length)];
        }
        step.wheel.schedule(step, tick);
    }

    /**
     * Runs {@code step} on its wheel's thread as soon as it has time: after the steps that are due,
     * and after the bursts that asked before it. The step should do about {@link #BURST_SLICE_NANOS}
     * of work and then call this again if it has more.
     */
    public void burst(Step step) {
        if (step.wheel == null) {
            step.wheel = wheels[Math.floorMod(nextWheel.getAndIncrement(), wheels.length)];
        }
        step.wheel.burst(step);
    }

    /** Stops the wheels' threads; steps still pending never run. */
    @Override
    public void close() {
        for (Wheel wheel : wheels) {
            wheel.close();
        }
    }

    private static final class Wheel {
        private static final int SLOTS = 1024; // a power of two: about a second of ticks
        private static final long ASLEEP = Long.MAX_VALUE;

        private final long origin;
        private final ReentrantLock lock = new ReentrantLock();
        private final Step[] slots = new Step[SLOTS]; // guarded by lock
        private int size; // guarded by lock: steps linked in
        private long processed; // guarded by lock: the last tick whose due steps were taken
        private long wakeTick; // guarded by lock: the tick the thread sleeps until (0 while awake)
        private Thread thread; // set under lock, once; schedule reads it bare only to ask "is this me?"
        private Step rescheduled; // wheel thread only: steps runAll's steps scheduled, to link in after it
        private Step burstHead; // guarded by lock: bursts waiting for a turn, FIFO
        private Step burstTail; // guarded by lock
        private Step turnHead; // wheel thread only: the bursts taking turns now, FIFO
        private Step turnTail; // wheel thread only
        private boolean takingTurns; // wheel thread only: runBursts is running (a burst call is a re-queue)
        private volatile boolean closed;

        Wheel(long origin) {
            this.origin = origin;
        }

        void schedule(Step step, long tick) {
            if (Thread.currentThread() == thread) {
                // a step of this wheel rescheduling itself from runAll (this thread runs nothing else);
                // processed is only written by this thread; the step is linked in after runAll
                step.dueTick = Math.max(tick, processed + 1);
                step.next = rescheduled;
                rescheduled = step;
                return;
            }
            Thread wake = null;
            lock.lock();
            try {
                long due = Math.max(tick, processed + 1);
                step.dueTick = due;
                linkLocked(step);
                if (due < wakeTick) {
                    wakeTick = due;
                    wake = thread;
                }
            } finally {
                lock.unlock();
            }
            if (wake != null) {
                LockSupport.unpark(wake);
            }
        }

        void burst(Step step) {
            step.next = null;
            if (Thread.currentThread() == thread && takingTurns) {
                // a burst asking for another turn from its own run: to the back of this round
                if (turnTail == null) {
                    turnHead = step;
                } else {
                    turnTail.next = step;
                }
                turnTail = step;
                return;
            }
            Thread wake = null;
            lock.lock();
            try {
                if (burstTail == null) {
                    burstHead = step;
                } else {
                    burstTail.next = step;
                }
                burstTail = step;
                if (wakeTick != 0) { // asleep (or about to sleep): bursts run now, not at a tick
                    wakeTick = 0;
                    wake = thread;
                }
            } finally {
                lock.unlock();
            }
            if (wake != null) {
                LockSupport.unpark(wake);
            }
        }

        private void linkLocked(Step step) {
            int slot = (int) (step.dueTick & (SLOTS - 1));
            step.next = slots[slot];
            slots[slot] = step;
            size++;
        }

        void run() {
            lock.lock();
            try {
                thread = Thread.currentThread();
            } finally {
                lock.unlock();
            }
            while (!closed) {
                runAll(takeDue());
                linkRescheduled();
                if (!runBursts()) {
                    sleep();
                }
            }
        }

        /**
         * Lets the waiting bursts take turns until the next tick begins; true when some are left (the
         * wheel then goes straight back to its due steps rather than sleeping).
         */
        private boolean runBursts() {
            lock.lock();
            try {
                if (burstHead == null) {
                    return false;
                }
                turnHead = burstHead;
                turnTail = burstTail;
                burstHead = null;
                burstTail = null;
            } finally {
                lock.unlock();
            }
            long nextTick = origin + ((System.nanoTime() - origin) / TICK_NANOS + 1) * TICK_NANOS;
            takingTurns = true;
            try {
                while (turnHead != null && System.nanoTime() - nextTick < 0) {
                    Step s = turnHead;
                    turnHead = s.next;
                    if (turnHead == null) {
                        turnTail = null;
                    }
                    s.next = null;
                    runOne(s);
                }
            } finally {
                takingTurns = false;
            }
            if (turnHead == null) {
                return false;
            }
            lock.lock();
            try { // the rest go first next time, ahead of bursts that asked meanwhile
                turnTail.next = burstHead;
                if (burstHead == null) {
                    burstTail = turnTail;
                }
                burstHead = turnHead;
            } finally {
                lock.unlock();
            }
            turnHead = null;
            turnTail = null;
            return true;
        }

        /** Links in, under one lock, the steps that the last run scheduled again. */
        private void linkRescheduled() {
            if (rescheduled == null) {
                return;
            }
            lock.lock();
            try {
                for (Step s = rescheduled; s != null; ) {
                    Step following = s.next;
                    linkLocked(s);
                    s = following;
                }
            } finally {
                lock.unlock();
            }
            rescheduled = null;
        }

        /** Unlinks every step due by now, from every slot passed since the last call, earliest first. */
        private Step takeDue() {
            long now = (System.nanoTime() - origin) / TICK_NANOS;
            Step first = null;
            Step last = null;
            lock.lock();
            try {
                wakeTick = 0;
                if (size == 0) {
                    processed = Math.max(processed, now);
                    return null;
                }
                for (long tick = Math.max(processed + 1, now - SLOTS + 1); tick <= now; tick++) {
                    int slot = (int) (tick & (SLOTS - 1));
                    Step keep = null;
                    for (Step s = slots[slot]; s != null; ) {
                        Step following = s.next;
                        if (s.dueTick <= now) { // appended, so a late wheel still runs older ticks first
                            s.next = null;
                            if (last == null) {
                                first = s;
                            } else {
                                last.next = s;
                            }
                            last = s;
                            size--;
                        } else { // a later turn of the wheel
                            s.next = keep;
                            keep = s;
                        }
                        s = following;
                    }
                    slots[slot] = keep;
                }
                processed = Math.max(processed, now);
            } finally {
                lock.unlock();
            }
            return first;
        }

        private static void runAll(Step ready) {
            for (Step s = ready; s != null; ) {
                Step following = s.next;
                s.next = null;
                runOne(s);
                s = following;
            }
        }

        private static void runOne(Step s) {
            try {
                s.run();
            } catch (RuntimeException | Error e) {
                LOG.error("a paced step failed", e);
            }
        }

        /** Sleeps until the next tick with a step in it, or until woken when the wheel is empty. */
        private void sleep() {
            long until;
            lock.lock();
            try {
                if (burstHead != null) {
                    return; // a burst asked for a turn since the last round: no sleep
                }
                until = ASLEEP;
                if (size > 0) {
                    until = processed + SLOTS; // a step a whole turn or more away
                    for (long tick = processed + 1; tick < processed + SLOTS; tick++) {
                        if (slots[(int) (tick & (SLOTS - 1))] != null) {
                            until = tick;
                            break;
                        }
                    }
                }
                wakeTick = until;
            } finally {
                lock.unlock();
            }
            if (until == ASLEEP) {
                LockSupport.park(this);
            } else {
                long nanos = origin + until * TICK_NANOS - System.nanoTime();
                if (nanos > 0) {
                    LockSupport.parkNanos(this, nanos);
                }
            }
        }

        void close() {
            closed = true;
            Thread t;
            lock.lock();
            try {
                t = thread;
            } finally {
                lock.unlock();
            }
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
