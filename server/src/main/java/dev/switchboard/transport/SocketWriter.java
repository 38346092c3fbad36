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
 * profile). Tyrus still writes its own control frames (close, pong) to the same queue.
 *
 * <p>Concurrency: Grizzly's write queue is thread-safe; the {@link Outbox} (one per connection) is
 * the only caller, under its lock, so frames keep its order.
 */
final class SocketWriter {

    private final Connection<SocketAddress> connection;
    private final AsyncQueueWriter<SocketAddress> writer;

    @SuppressWarnings("unchecked")
    SocketWriter(Connection<?> connection) {
        this.connection = (Connection<SocketAddress>) connection;
        this.writer = ((NIOTransport) connection.getTransport()).getAsyncQueueIO().getWriter();
    }

    /** Queues {@code frame}; {@code done} hears when it is on the wire (maybe on this thread). */
    void write(byte[] frame, CompletionHandler<WriteResult<WritableMessage, SocketAddress>> done) {
        // HeapBuffer.wrap, not the memory manager's wrap: that looks for a pooled wrapper in a
        // ThreadLocal on our (non-Grizzly) threads, 2.7% of the server's CPU at 1,000 users
        writer.write(connection, HeapBuffer.wrap(frame), done);
    }
}
