package dev.switchboard.loadtest;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;

/**
 * How the client's event loops talk to the kernel. {@link #AUTO} takes the cheapest one this machine
 * offers: io_uring (recent Linux kernels, unless the kernel or a container's seccomp profile forbids it),
 * then epoll, then the JDK's NIO. At 4,000 users on two cores, io_uring measured p99 lateness 58 to 64 ms
 * against epoll's 69 to 76 and 15.5 against 16.4 us of the load generator's CPU per token (three pairs):
 * Netty's io_uring loop submits the reads of many sockets and collects their results in one system
 * call, where its epoll loop makes one {@code read} call per ready socket.
 */
enum ClientIo {
    AUTO, IO_URING, EPOLL, NIO;

    /** Parses an {@code --io} value: auto, io_uring, epoll or nio. */
    static ClientIo parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--io must be one of auto, io_uring, epoll, nio; got " + name);
        }
    }

    /**
     * The transport to use: this one if the machine offers it, or for {@link #AUTO} the first offered.
     *
     * @throws IllegalArgumentException if an explicitly chosen transport is not available, with the reason
     */
    ClientIo resolve() {
        return switch (this) {
            case AUTO -> IoUring.isAvailable() ? IO_URING : Epoll.isAvailable() ? EPOLL : NIO;
            case IO_URING -> require(IoUring.isAvailable(), IoUring.unavailabilityCause());
            case EPOLL -> require(Epoll.isAvailable(), Epoll.unavailabilityCause());
            case NIO -> NIO;
        };
    }

    private ClientIo require(boolean available, Throwable why) {
        if (!available) {
            throw new IllegalArgumentException("--io " + label() + " is not available here: " + why);
        }
        return this;
    }

    /** The event loops' I/O handler; only for a resolved transport. */
    IoHandlerFactory handlers() {
        return switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
            case AUTO -> throw new IllegalStateException("resolve() first");
        };
    }

    /** The socket channel class that matches {@link #handlers}. */
    Class<? extends SocketChannel> channel() {
        return switch (this) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
            case AUTO -> throw new IllegalStateException("resolve() first");
        };
    }

    /** The name as {@code --io} spells it. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
