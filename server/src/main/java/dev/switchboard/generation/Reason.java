package dev.switchboard.generation;

import java.util.Locale;

/** Why a reply ended: the {@code done.reason} of PROTOCOL.md. */
public enum Reason {
    STOP, CANCELLED, TIMEOUT, ERROR, SHUTDOWN;

    /** The wire name. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
