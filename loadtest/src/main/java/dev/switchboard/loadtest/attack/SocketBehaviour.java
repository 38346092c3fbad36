package dev.switchboard.loadtest.attack;

/**
 * What an abuse does with one of its WebSocket connections. Every call runs on the attackers' event
 * loop. After a re-dial the same behaviour hears {@link #opened} again, with the new socket.
 */
interface SocketBehaviour {

    /** The handshake is done: the socket can send (usually a hello first). */
    void opened(AttackSocket socket);

    /** A text frame came, skimmed (see {@link FrameSniffer}); the counters have it already. */
    default void received(AttackSocket socket, Received frame) {
    }

    /**
     * A frame as an attacker sees it.
     *
     * @param type the frame's type, "?" if none was found
     * @param code an error's code, else null
     * @param session a welcome's session id, else null
     * @param bytes the frame's size
     */
    record Received(String type, String code, String session, int bytes) {
    }
}
