package dev.switchboard.transport;

import java.net.SocketAddress;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.memory.HeapBuffer;
import org.glassfish.grizzly.nio.NIOTransport;

/**
 * Writes ready-made frames straight into the TCP connection's asynchronous write queue, past the
 * HTTP filter chain and Tyrus's per-frame machinery (the two largest costs per token in a JFR
 * profile). Tyrus still writes its pongs to the same queue.
 *
 * <p>Concurrency: Grizzly's write queue is thread-safe; the {@link Outbox} (one per connection) is
 * the only caller, under its lock, so frames keep its order. The completion handler is made once, for
 * the one {@link Sent} the outbox passes, rather than per frame.
 */
final class GrizzlySocketWriter implements SocketWriter {

    private final Connection<SocketAddress> connection;
    private final AsyncQueueWriter<SocketAddress> writer;
    private Sent adapted; // guarded by the outbox's lock, as every call is
    private CompletionHandler<WriteResult<WritableMessage, SocketAddress>> handler;

    @SuppressWarnings("unchecked")
    GrizzlySocketWriter(Connection<?> connection) {
        this.connection = (Connection<SocketAddress>) connection;
        this.writer = ((NIOTransport) connection.getTransport()).getAsyncQueueIO().getWriter();
    }

    @Override
    public void write(byte[] frame, Sent done) {
        if (done != adapted) {
            adapted = done;
            handler = adapt(done);
        }
        // HeapBuffer.wrap, not the memory manager's wrap: that looks for a pooled wrapper in a
        // ThreadLocal on our (non-Grizzly) threads, 2.7% of the server's CPU at 1,000 users
        writer.write(connection, HeapBuffer.wrap(frame), handler);
    }

    @Override
    public void writeUntracked(byte[] frame) {
        writer.write(connection, HeapBuffer.wrap(frame), null);
    }

    private static CompletionHandler<WriteResult<WritableMessage, SocketAddress>> adapt(Sent done) {
        return new CompletionHandler<>() {
            @Override
            public void cancelled() {
                done.sent(false, 0);
            }

            @Override
            public void failed(Throwable error) {
                done.sent(false, 0);
            }

            @Override
            public void completed(WriteResult<WritableMessage, SocketAddress> result) {
                done.sent(true, result.getWrittenSize());
            }

            @Override
            public void updated(WriteResult<WritableMessage, SocketAddress> result) {
            }
        };
    }
}
