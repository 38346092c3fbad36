package dev.switchboard.transport;

import dev.switchboard.generation.InvalidParamsException;
import dev.switchboard.security.RateLimiter;
import dev.switchboard.security.TokenVerifier;
import dev.switchboard.session.Session;
import dev.switchboard.session.TextFrames;
import jakarta.websocket.CloseReason;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: checks and decodes its frames, keeps which session it is attached to
 * (and as which subject, with auth on), and answers through its {@link Outbox}.
 *
 * <p>Its deadlines (the hello, the answer to a ping, the TCP drop after a close) are timestamps on the
 * injected clock, checked by the endpoint's {@link #sweep}, not timer tasks of its own.
 *
 * <p>Concurrency: Tyrus delivers one connection's frames one at a time, so {@link #onText} never runs
 * twice at once and owns {@code subject}; {@link #onClose} and the sweep run on other threads.
 * {@code attached}, {@code closed}, {@code helloDeadline}, {@code lastHeard}, {@code pingSent} and
 * {@code closingSince} are volatile: a hello that attaches while the socket closes sees {@code closed}
 * after attaching and detaches again, so a dead connection never pins a session.
 */
final class Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final jakarta.websocket.Session socket;
    private final org.glassfish.grizzly.Connection<?> tcp;
    private final InetAddress address;
    private final ConnectionContext ctx;
    private final Outbox outbox;
    private final RateLimiter rate;
    private final InboundFrames inbound;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Bursts' worth of frames refused in a row that close the connection. */
    static final int FLOOD_FACTOR = 10;
    private static final long REFUSAL_ANSWER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private String subject; // owned by the frame thread
    private int refusedInARow; // owned by the frame thread
    private boolean refusalAnswered; // owned by the frame thread
    private long lastRefusalAnswer; // owned by the frame thread
    private volatile Session attached;
    private volatile boolean closed;
    private final long helloDeadline;
    private volatile boolean helloed; // a hello has attached: the hello deadline no longer applies
    private volatile long lastHeard;
    private volatile boolean awaitingPong;
    private volatile long pingSent; // when the ping that awaitingPong waits for went out
    private volatile long closingSince; // when close() sent the close frame (closing is set after it)

    /** @param address the peer's address, or null when unknown */
    Connection(jakarta.websocket.Session socket, org.glassfish.grizzly.Connection<?> tcp, InetAddress address,
               ConnectionContext ctx) {
        this.socket = socket;
        this.tcp = tcp;
        this.address = address;
        this.ctx = ctx;
        this.rate = new RateLimiter(ctx.limits());
        this.outbox = new Outbox(new GrizzlySocketWriter(tcp), ctx.outbox(), ctx.counters(), ctx.clock(),
                () -> close(CloseCodes.policy("too slow to keep up: reconnect and resume with 'after'")));
        this.inbound = new InboundFrames(ctx.maxFrameBytes(), new InboundFrames.Listener() {
            @Override
            public void tooLarge(String why) {
                close(CloseCodes.tooBig(why));
            }

            @Override
            public void peerClosed() {
                tcp.closeSilently(); // the peer answered our close: the handshake is over
            }
        });
        long now = ctx.clock().read();
        this.lastHeard = now;
        this.helloDeadline = now + ctx.helloTimeout().toNanos();
    }

    /** A short id for logs (Tyrus's per-socket id). */
    String id() {
        return socket.getId();
    }

    /** Its incoming frames as they arrive, before Tyrus: sizes are checked there ({@link FrameLimitFilter}). */
    InboundFrames inbound() {
        return inbound;
    }

    void onText(String frame) {
        lastHeard = ctx.clock().read();
        if (closing.get()) {
            return; // parsed before the close began; nothing is answered any more
        }
        try {
            dispatch(frame);
        } catch (RuntimeException e) {
            // a bug on our side (or a generator's): say so where it is seen, and close rather than
            // leave the client waiting for an answer that will not come
            LOG.error("connection {}: handling a frame failed; closing it with 1011", id(), e);
            close(CloseCodes.internal("internal error"));
        }
    }

    private void dispatch(String frame) {
        if (!rate.frame()) {
            refused();
            return;
        }
        refusedInARow = 0;
        switch (FrameDecoder.decode(frame)) {
            case ClientMessage.Hello hello -> hello(hello);
            case ClientMessage.Prompt prompt -> prompt(prompt);
            case ClientMessage.Cancel cancel -> cancel(cancel);
            case ClientMessage.History history -> {
                if (requireHello(null)) {
                    outbox.control(attached.historyPage(history.before(), history.limit()));
                }
            }
            case ClientMessage.Ping ping -> {
                if (requireHello(null)) {
                    outbox.control(ControlFrames.PONG);
                }
            }
            case ClientMessage.Invalid invalid -> error(ErrorCode.BAD_REQUEST, invalid.message(), invalid.id(), null);
        }
    }

    void onBinary() {
        lastHeard = ctx.clock().read();
        error(ErrorCode.BAD_REQUEST, "binary frames are not supported: send JSON text frames", null, null);
    }

    /** The peer answered a ping. */
    void onPong() {
        lastHeard = ctx.clock().read();
        awaitingPong = false;
    }

    /**
     * The endpoint's periodic check, {@code now} on the injected clock: closes a connection that sent
     * no hello in time or did not answer the last ping; pings a quiet one; drops the TCP connection
     * of one whose peer did not answer our close frame; lets the outbox check for a stalled reader.
     */
    void sweep(long now) {
        if (closing.get()) {
            if (now - closingSince > ctx.closeGrace().toNanos() && tcp != null) {
                tcp.terminateSilently(); // at once: a graceful close would wait for a reader that never reads
            }
            return;
        }
        if (!helloed && now - helloDeadline > 0) {
            close(CloseCodes.policy("no hello within " + ctx.helloTimeout().toMillis() + " ms"));
            return;
        }
        if (inbound.unfinishedFor(ctx.frameTimeout().toNanos(), now)) {
            close(CloseCodes.policy("a frame was not finished within " + ctx.frameTimeout().toMillis() + " ms"));
            return;
        }
        outbox.checkStall(now);
        outbox.drive(); // a connection reading its backlog whose last chunk went out at once
        if (awaitingPong) {
            if (now - pingSent > ctx.pingTimeout().toNanos()) {
                close(CloseCodes.policy("no answer to ping within " + ctx.pingTimeout().toMillis() + " ms"));
            }
        } else if (now - lastHeard > ctx.pingInterval().toNanos()) {
            pingSent = now;
            awaitingPong = true;
            outbox.ping();
        }
    }

    /** The socket has closed (either side): let go of the session. */
    void onClose(CloseReason reason) {
        closed = true;
        outbox.close();
        Session session = attached;
        if (session != null) {
            session.detach(outbox);
        }
        LOG.debug("connection {} closed: {} {}", id(), reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    /**
     * Closes with {@code reason}: the close frame goes out as the last frame after those already
     * written, nothing the peer sends is read any more, the session lets go of this connection, and
     * the TCP connection is closed when the peer answers with its own close frame, or dropped by the
     * sweep after the close grace. The close frame is written here rather than by Tyrus, which closes
     * TCP as soon as it has written it: with the peer still sending, the kernel answers with a reset,
     * and the peer can lose the close frame. Safe to call twice, from any thread.
     */
    void close(CloseReason reason) {
        if (closing.get()) {
            return;
        }
        closingSince = ctx.clock().read(); // before closing is set: the sweep reads them the other way round
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        LOG.debug("connection {} closing: {} {}", id(), reason.getCloseCode().getCode(), reason.getReasonPhrase());
        inbound.discard();
        outbox.closeWith(TextFrames.close(reason.getCloseCode().getCode(), reason.getReasonPhrase()));
        closed = true;
        Session session = attached;
        if (session != null) {
            session.detach(outbox);
        }
    }

    /**
     * Attaches to the session {@code hello} names, or to a new one. The connection leaves its old
     * session only once the new one is sure: a hello refused (forbidden, a session full of
     * connections, a new session over a limit) leaves it where it was. (Should the session fill up
     * between that check and the attach, it is left unattached, and told so.)
     */
    private void hello(ClientMessage.Hello hello) {
        if (!authenticate(hello.token())) {
            return;
        }
        String sub = subject;
        Session target = hello.session() == null ? null : ctx.store().find(hello.session());
        if (target != null && !target.admits(sub)) {
            error(ErrorCode.FORBIDDEN, "this session belongs to another user", null, null);
            return;
        }
        if (target != null && target != attached && !target.hasRoom()) {
            sessionFull();
            return;
        }
        boolean created = target == null;
        if (created) {
            target = newSession(sub);
            if (target == null) {
                return;
            }
        }
        Session previous = attached;
        if (previous != null) {
            attached = null;
            previous.detach(outbox);
        }
        boolean[] room = {false};
        Session session = ctx.store().with(target.id(), s -> room[0] = s.attach(outbox, hello.after(), created));
        if (session == null) { // it expired between the lookup and the attach: as if unknown
            session = newSession(sub);
            if (session == null) {
                return;
            }
            session = ctx.store().with(session.id(), s -> room[0] = s.attach(outbox, hello.after(), true));
        }
        if (session == null || !room[0]) {
            sessionFull();
            return;
        }
        attached = session;
        helloed = true;
        if (closed) {
            session.detach(outbox);
        }
        outbox.drive(); // a resume with more to replay than the welcome took
        LOG.debug("connection {} attached to {}", id(), session.label());
    }

    private void sessionFull() {
        error(ErrorCode.OVERLOADED, "this session has as many connections as it may ("
                + ctx.maxConnectionsPerSession() + ")", null, null);
    }

    /**
     * A new session for {@code owner}, or null after answering why not: the connection or its
     * address makes sessions faster than allowed ({@code rate_limited}), or the server holds as many
     * as it may ({@code overloaded}, then close 1013).
     */
    private Session newSession(String owner) {
        if (!rate.newSession()) {
            error(ErrorCode.RATE_LIMITED, "more than " + ctx.limits().sessionsPerSecond()
                    + " new sessions per second from this connection", null, null);
            return null;
        }
        if (!ctx.addressSessions().newSession(address)) {
            error(ErrorCode.RATE_LIMITED, "more than " + ctx.limits().addressSessionsPerSecond()
                    + " new sessions per second from your address", null, null);
            return null;
        }
        Session fresh = ctx.store().create(owner);
        if (fresh == null) {
            error(ErrorCode.OVERLOADED, "the server holds as many sessions as it may", null, null);
            close(CloseCodes.tryAgainLater("too many sessions"));
        }
        return fresh;
    }

    /** With auth on, checks the token (required on the first hello); false after closing the socket. */
    private boolean authenticate(String token) {
        TokenVerifier tokens = ctx.tokens();
        if (tokens == null || (token == null && subject != null)) {
            return true;
        }
        TokenVerifier.Verdict verdict = tokens.verify(token);
        if (!verdict.ok()) {
            error(ErrorCode.UNAUTHORIZED, verdict.problem(), null, null);
            close(CloseCodes.policy("unauthorized"));
            return false;
        }
        subject = verdict.subject();
        return true;
    }

    private void prompt(ClientMessage.Prompt prompt) {
        if (!requireHello(prompt.id())) {
            return;
        }
        if (!rate.prompt()) {
            error(ErrorCode.RATE_LIMITED, "more than " + ctx.limits().promptsPerSecond() + " prompts per second",
                    prompt.id(), null);
            return;
        }
        if (!ctx.accepting().getAsBoolean()) {
            error(ErrorCode.SHUTTING_DOWN, "the server is shutting down", prompt.id(), null);
            return;
        }
        if (prompt.text().length() > ctx.limits().maxPromptChars()) {
            error(ErrorCode.BAD_REQUEST, "field 'text' is longer than " + ctx.limits().maxPromptChars()
                    + " characters", prompt.id(), null);
            return;
        }
        if (!prompt.params().isEmpty() && utf8Longer(prompt.params().toString(), ctx.limits().maxParamsBytes())) {
            error(ErrorCode.BAD_REQUEST, "field 'params' is larger than " + ctx.limits().maxParamsBytes()
                    + " bytes", prompt.id(), null);
            return;
        }
        try {
            ctx.generator().checkParams(prompt.params());
        } catch (InvalidParamsException e) {
            error(ErrorCode.BAD_REQUEST, e.getMessage(), prompt.id(), null);
            return;
        }
        switch (attached.submit(prompt.id(), prompt.text(), prompt.params())) {
            case ACCEPTED -> { }
            case BUSY -> error(ErrorCode.BUSY, "the session's prompt queue is full", prompt.id(), null);
            case OVERLOADED -> error(ErrorCode.OVERLOADED, "the server is full: its queue, or the conversations it"
                    + " may hold", prompt.id(), null);
            case CLOSED -> error(ErrorCode.SHUTTING_DOWN, "the server is shutting down", prompt.id(), null);
        }
    }

    private void cancel(ClientMessage.Cancel cancel) {
        if (requireHello(null) && !attached.cancel(cancel.gen())) {
            String what = cancel.gen() == null ? "nothing is running" : "no generation '" + cancel.gen() + "' here";
            error(ErrorCode.NOT_FOUND, what, null, cancel.gen());
        }
    }

    /**
     * A frame over the rate: answered with {@code rate_limited} at most once a second (answering each
     * one of a flood was most of the work it made: two million error frames in 30 s from one hello
     * flood), and the connection is closed once {@value #FLOOD_FACTOR} bursts' worth have been refused
     * in a row.
     */
    private void refused() {
        if (++refusedInARow > FLOOD_FACTOR * ctx.limits().frameBurst()) {
            close(CloseCodes.policy("sending frames faster than allowed, for too long"));
            return;
        }
        long now = ctx.clock().read();
        if (refusalAnswered && now - lastRefusalAnswer < REFUSAL_ANSWER_NANOS) {
            return;
        }
        refusalAnswered = true;
        lastRefusalAnswer = now;
        error(ErrorCode.RATE_LIMITED, "more than " + ctx.limits().framesPerSecond() + " frames per second: frames"
                + " over it are not taken (this is said once a second)", null, null);
    }

    private boolean requireHello(String id) {
        if (attached != null) {
            return true;
        }
        error(ErrorCode.HELLO_REQUIRED, "send hello first", id, null);
        return false;
    }

    private void error(ErrorCode code, String message, String id, String gen) {
        ctx.errors().get(code).increment();
        outbox.control(ControlFrames.error(code, message, id, gen));
    }

    /**
     * Whether {@code text} takes more than {@code max} bytes in UTF-8: a char takes 1 to 3 bytes (a
     * surrogate pair 4 for its 2 chars), so it is encoded only when its length leaves that in doubt.
     */
    private static boolean utf8Longer(String text, int max) {
        return text.length() > max || text.length() * 3L > max && text.getBytes(StandardCharsets.UTF_8).length > max;
    }
}
