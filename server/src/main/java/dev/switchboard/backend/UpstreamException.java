package dev.switchboard.backend;

/** The model server failed; the message is meant for the user and ends up in {@code done.error}. */
final class UpstreamException extends RuntimeException {

    UpstreamException(String message) {
        super(message, null, false, false);
    }
}
