package dev.switchboard.transport;

import jakarta.websocket.CloseReason;

/** The WebSocket close codes of PROTOCOL.md: the one place they are chosen on the server side. */
final class CloseCodes {

    private CloseCodes() {
    }

    static CloseReason goingAway(String why) {
        return new CloseReason(CloseReason.CloseCodes.GOING_AWAY, why);
    }

    /** 1008: hello timeout, auth, origin, a reader too slow to keep up. */
    static CloseReason policy(String why) {
        return new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, why);
    }

    /** 1009: a frame over the configured limit. */
    static CloseReason tooBig(String why) {
        return new CloseReason(CloseReason.CloseCodes.TOO_BIG, why);
    }

    /** 1011: a bug on the server side. */
    static CloseReason internal(String why) {
        return new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, why);
    }

    /** 1013: the server cannot take this connection now. */
    static CloseReason tryAgainLater(String why) {
        return new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, why);
    }
}
