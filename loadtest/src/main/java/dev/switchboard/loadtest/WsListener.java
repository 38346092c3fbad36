package dev.switchboard.loadtest;

/**
 * What a {@link WsClient} connection tells its user. All four run on the connection's event loop,
 * one at a time; after {@link #onClose} or {@link #onError} nothing more comes, and nothing comes
 * at all after the user itself called {@link WsConnection#close} or {@link WsConnection#abort}.
 */
interface WsListener {

    /** The handshake is done; the connection can send. Runs before the connect future completes. */
    void onOpen(WsConnection ws);

    /**
     * One whole text message (fragments already joined), as the UTF-8 bytes that came: decoding is
     * the listener's business, so a JSON reader can read the bytes without a String in between.
     */
    void onText(WsConnection ws, byte[] utf8);

    /**
     * The server sent a close frame (answered already).
     *
     * @param code the close code, or 1005 when the frame carried none
     */
    void onClose(WsConnection ws, int code, String reason);

    /** The connection ended without a close frame: reset, closed TCP, or a failure while reading. */
    void onError(WsConnection ws, Throwable error);
}
