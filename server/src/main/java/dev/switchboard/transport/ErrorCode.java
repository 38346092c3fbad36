package dev.switchboard.transport;

import java.util.Locale;

/** The {@code error} codes of PROTOCOL.md: the one place they are spelled on the server side. */
public enum ErrorCode {
    BAD_REQUEST, HELLO_REQUIRED, UNAUTHORIZED, FORBIDDEN, BUSY, OVERLOADED, RATE_LIMITED, NOT_FOUND, SHUTTING_DOWN;

    /** The wire name, e.g. {@code bad_request}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
