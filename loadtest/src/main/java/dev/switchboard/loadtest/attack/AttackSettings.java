package dev.switchboard.loadtest.attack;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.URI;

/**
 * What an {@link Attack} needs to know.
 *
 * @param url the server's WebSocket URL (ws:// only: the raw sockets speak plain TCP)
 * @param source the local address every attacker socket binds, so that the server's per-address
 *     limits can tell attackers from the well-behaved users
 * @param attackers how many attackers; each runs one abuse at a time
 * @param io the event loop's I/O handler, and {@code channel} the matching socket channel
 */
public record AttackSettings(URI url, InetAddress source, int attackers, IoHandlerFactory io,
                             Class<? extends SocketChannel> channel) {

    public AttackSettings {
        if (!"ws".equals(url.getScheme())) {
            throw new IllegalArgumentException("the hostile scenario's attackers speak ws:// only, got " + url);
        }
        if (attackers < 0) {
            throw new IllegalArgumentException("--attackers must not be negative");
        }
    }
}
