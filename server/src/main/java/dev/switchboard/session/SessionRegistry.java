package dev.switchboard.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.switchboard.config.SessionConfig;
import dev.switchboard.generation.GenerationRunner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The sessions of this process, in a Caffeine cache.
 *
 * <h2>Expiration</h2>
 * A session expires after {@code idleTtl} with no attached connection and no queued or running
 * reply, or after {@code emptyTtl} if that is shorter and it never got a prompt. The expiry is
 * computed from {@link Session#isPinned()} whenever the entry is created or updated: a pinned session
 * never expires, and every change that may unpin it calls {@link #touch}, which re-computes it. Time
 * comes from an injected {@link Ticker}, so tests move a fake clock.
 *
 * <h2>Bound</h2>
 * Not Caffeine's size eviction, which would drop a session that is in use. {@code maxSessions}
 * bounds conversations (sessions that got a prompt): {@link #create} refuses a new session while
 * that many are held, and a session's first prompt is refused ({@code overloaded}) when the last one
 * was taken meanwhile. Empty sessions do not count: a flood of hellos, whose sessions stay empty and
 * expire within {@code emptyTtl}, cannot take the place of anyone's conversation. What bounds them
 * is the rate at which connections and addresses may make sessions, times {@code emptyTtl}.
 *
 * <h2>Concurrency</h2>
 * Caffeine's compute holds the entry's lock while {@link #with}'s action and the expiry run; those
 * take the session's lock, never the other way round (sessions call {@link #touch} only after
 * releasing theirs). The cache's own maintenance runs on the thread whose read or write set it off
 * (after the compute has returned) or on the scheduler's thread for a due expiry; it calls none
 * of this class's code and takes no session's lock.
 */
public final class SessionRegistry implements SessionStore {

    private final Cache<String, Session> cache;
    private final SessionId ids = new SessionId();
    private final SessionContext context;
    private final long maxSessions;
    private final AtomicLong labels = new AtomicLong();
    private final AtomicLong conversations = new AtomicLong(); // sessions held that got a prompt

    /**
     * @param runner runs the generations of every session
     * @param scheduler the global admission shared by all sessions
     * @param ticker the clock of expiry
     */
    public SessionRegistry(GenerationRunner runner, dev.switchboard.generation.Scheduler scheduler,
                           SessionConfig config, Ticker ticker, SessionObserver observer) {
        this.maxSessions = config.maxSessions();
        this.context = new SessionContext(scheduler, runner, config, new AtomicLong(), this::touch,
                this::takeConversationSlot, observer);
        long ttlNanos = config.idleTtl().toNanos();
        long emptyTtlNanos = Math.min(ttlNanos, config.emptyTtl().toNanos());
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                // maintenance (draining the write buffer after each touch, expiring) on the thread
                // that wrote: by default each write hands it to the common pool, whose wake-ups
                // (futex calls on both sides) were 2.5% of the server's CPU at 4,000 users
                .executor(Runnable::run)
                .scheduler(Scheduler.systemScheduler())
                .expireAfter(new Expiry<String, Session>() {
                    @Override
                    public long expireAfterCreate(String key, Session session, long now) {
                        return expiry(session);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Session session, long now, long remaining) {
                        return expiry(session);
                    }

                    private long expiry(Session session) {
                        return session.isPinned() ? Long.MAX_VALUE
                                : session.isConversation() ? ttlNanos : emptyTtlNanos;
                    }

                    @Override
                    public long expireAfterRead(String key, Session session, long now, long remaining) {
                        return remaining;
                    }
                })
                .removalListener((String key, Session session, RemovalCause cause) -> {
                    if (session != null && session.isConversation()) {
                        conversations.decrementAndGet();
                    }
                })
                .recordStats()
                .build();
    }

    @Override
    public Session create(String owner) {
        if (isFull()) {
            cache.cleanUp(); // expired conversations may still be counted
            if (isFull()) {
                return null;
            }
        }
        Session session = new Session(ids.next(), "s" + labels.incrementAndGet(), owner, context);
        cache.put(session.id(), session);
        return session;
    }

    @Override
    public Session with(String id, Consumer<Session> action) {
        if (!SessionId.isWellFormed(id)) {
            return null;
        }
        return cache.asMap().computeIfPresent(id, (key, session) -> {
            action.accept(session);
            return session;
        });
    }

    @Override
    public Session find(String id) {
        return SessionId.isWellFormed(id) ? cache.getIfPresent(id) : null; // a read: the expiry stays as it was
    }

    @Override
    public void touch(Session session) {
        cache.asMap().computeIfPresent(session.id(), (key, s) -> s);
    }

    /** True when no new session may be made now: conversations are at the limit. */
    @Override
    public boolean isFull() {
        return conversations.get() >= maxSessions;
    }

    /** Counts a session's first prompt; false (nothing counted) when conversations are at the limit. */
    private boolean takeConversationSlot() {
        long n;
        do {
            n = conversations.get();
            if (n >= maxSessions) {
                return false;
            }
        } while (!conversations.compareAndSet(n, n + 1));
        return true;
    }

    @Override
    public long size() {
        return cache.estimatedSize();
    }

    @Override
    public void closeAll() {
        cache.asMap().values().forEach(Session::close);
    }

    /** The cache, for Caffeine's metrics binder. */
    public Cache<String, Session> cache() {
        return cache;
    }
}
