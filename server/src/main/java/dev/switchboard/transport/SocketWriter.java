package dev.switchboard.transport;

/**
 * Where an {@link Outbox} puts its frames: the TCP connection's write queue
 * ({@link GrizzlySocketWriter}), or a fake in tests.
 *
 * <p>Concurrency: the outbox calls it under its own lock, one frame after the other, so frames keep
 * its order; a completion may come on the calling thread, before {@code write} returns.
 */
interface SocketWriter {

    /** Hears when a frame handed to {@link #write} has been written, or could not be. */
    @FunctionalInterface
    interface Sent {
        void sent(boolean ok, long bytes);
    }

    /** Queues {@code frame}; {@code done} hears when it is on the wire (maybe on this thread). */
    void write(byte[] frame, Sent done);

    /** Queues a frame nobody waits for: a ping, the close frame. */
    void writeUntracked(byte[] frame);
}
