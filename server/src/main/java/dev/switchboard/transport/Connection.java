package dev.switchboard.transport;

import dev.switchboard.generation.InvalidParamsException;
import dev.switchboard.session.Session;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket connection: decodes its frames, keeps which session it is attached to, and answers
 * through its {@link Outbox}.
 *
 * <p>Concurrency: Tyrus delivers one connection's frames one at a time, so {@link #onText} never runs
 * twice at once; {@link #onClose} and timers may run on other threads. {@code attached} and
 * {@code closed} are volatile: a hello that attaches while the socket closes sees {@code closed}
 * after attaching and detaches again, so a dead connection never pins a session.
 */
final class Connection {

    private final jakarta.websocket.Session socket;
    private final org.glassfish.grizzly.Connection<?> tcp;
    private final ConnectionContext ctx;
    private final Outbox outbox;
    private final ScheduledFuture<?> helloTimer;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile Session attached;
    private volatile boolean closed;

    Connection(jakarta.websocket.Session socket, org.glassfish.grizzly.Connection<?> tcp, ConnectionContext ctx) {
        this.socket = socket;
        this.tcp = tcp;
        this.ctx = ctx;
        this.outbox = new Outbox(socket.getAsyncRemote(), ctx.outbox(), ctx.counters(), ctx.timers(),
                () -> close(CloseCodes.policy("too slow to keep up: reconnect and resume with 'after'")));
        long helloMillis = ctx.helloTimeout().toMillis();
        this.helloTimer = ctx.timers().schedule(
                () -> close(CloseCodes.policy("no hello within " + helloMillis + " ms")), helloMillis,
                TimeUnit.MILLISECONDS);
    }

    void onText(String frame) {
        if (exceedsLimit(frame)) {
            close(CloseCodes.tooBig("frame larger than " + ctx.maxFrameBytes() + " bytes"));
            return;
        }
        switch (FrameDecoder.decode(frame)) {
            case ClientMessage.Hello hello -> hello(hello);
            case ClientMessage.Prompt prompt -> prompt(prompt);
            case ClientMessage.Cancel cancel -> cancel(cancel);
            case ClientMessage.Ping ping -> {
                if (requireHello(null)) {
                    outbox.frame(ControlFrames.PONG);
                }
            }
            case ClientMessage.Invalid invalid -> error(ErrorCode.BAD_REQUEST, invalid.message(), invalid.id(), null);
        }
    }

    void onBinary(int size) {
        if (size > ctx.maxFrameBytes()) {
            close(CloseCodes.tooBig("frame larger than " + ctx.maxFrameBytes() + " bytes"));
            return;
        }
        error(ErrorCode.BAD_REQUEST, "binary frames are not supported: send JSON text frames", null, null);
    }

    /** The socket has closed (either side): let go of the session. */
    void onClose() {
        closed = true;
        helloTimer.cancel(false);
        outbox.close();
        Session session = attached;
        if (session != null) {
            session.detach(outbox);
        }
    }

    /** Closes with {@code reason}; drops the TCP connection if the peer does not answer in time. */
    void close(CloseReason reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.close(reason);
        } catch (IOException | RuntimeException e) {
            // already closed or broken: the drop below still applies
        }
        if (tcp != null) {
            ctx.timers().schedule(() -> {
                tcp.closeSilently();
            }, ctx.closeGrace().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void hello(ClientMessage.Hello hello) {
        helloTimer.cancel(false);
        Session previous = attached;
        if (previous != null) {
            attached = null;
            previous.detach(outbox);
        }
        Session session = null;
        if (hello.session() != null) {
            session = ctx.store().with(hello.session(), s -> s.attach(outbox, hello.after(), false));
        }
        if (session == null) {
            Session fresh = ctx.store().create();
            if (fresh == null) {
                error(ErrorCode.OVERLOADED, "the server holds as many sessions as it may", null, null);
                return;
            }
            session = ctx.store().with(fresh.id(), s -> s.attach(outbox, hello.after(), true));
        }
        attached = session;
        if (closed && session != null) {
            session.detach(outbox);
        }
    }

    private void prompt(ClientMessage.Prompt prompt) {
        if (!requireHello(prompt.id())) {
            return;
        }
        if (!ctx.accepting().getAsBoolean()) {
            error(ErrorCode.SHUTTING_DOWN, "the server is shutting down", prompt.id(), null);
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
            case OVERLOADED -> error(ErrorCode.OVERLOADED, "the server's queue is full", prompt.id(), null);
            case CLOSED -> error(ErrorCode.SHUTTING_DOWN, "the server is shutting down", prompt.id(), null);
        }
    }

    private void cancel(ClientMessage.Cancel cancel) {
        if (requireHello(null) && !attached.cancel(cancel.gen())) {
            String what = cancel.gen() == null ? "nothing is running" : "no generation '" + cancel.gen() + "' here";
            error(ErrorCode.NOT_FOUND, what, null, cancel.gen());
        }
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
        outbox.frame(ControlFrames.error(code, message, id, gen));
    }

    private boolean exceedsLimit(String frame) {
        int limit = ctx.maxFrameBytes();
        if (frame.length() > limit) {
            return true; // every char is at least one byte
        }
        return frame.length() * 3L > limit && frame.getBytes(StandardCharsets.UTF_8).length > limit;
    }
}
