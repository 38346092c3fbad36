package dev.switchboard.backend;

/**
 * The model server failed. The message is meant for the user and ends up in {@code done.error},
 * which every client of the session sees: it never holds the server's address, the model name or
 * the server's own words (they can carry hosts, file paths, a masked API key). Those go into
 * {@link #detail()}, for the operator's log.
 */
final class UpstreamException extends RuntimeException {

    private final String kind;
    private final String detail;

    /**
     * @param kind what failed, for {@link FailureLog}: a short stable name such as
     *     {@code connect-refused} or {@code http-503}
     * @param message what the user is told
     * @param detail what the log is told besides
     */
    UpstreamException(String kind, String message, String detail) {
        super(message, null, false, false);
        this.kind = kind;
        this.detail = detail;
    }

    String kind() {
        return kind;
    }

    String detail() {
        return detail;
    }
}
