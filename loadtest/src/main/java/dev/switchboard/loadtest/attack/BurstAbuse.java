package dev.switchboard.loadtest.attack;

/**
 * Burst: one connection asks for replies of about two million tokens with no pause between them, and
 * reads them as fast as they come; a new prompt as soon as one ends (or is refused as {@code busy}).
 * The prompts alternate between a one-millisecond first-token delay, none, and the echo's blocking
 * mode, which sleeps on the generation's own thread as a synchronous model client would.
 *
 * <p>Concurrency: on the attackers' event loop only.
 */
final class BurstAbuse implements Abuse {

    /** The three prompts' params, in turn. */
    static final String[] PARAMS = {
        "{\"delayMs\":0,\"firstTokenDelayMs\":1,\"repeat\":10000}",
        "{\"delayMs\":0,\"firstTokenDelayMs\":0,\"repeat\":10000}",
        "{\"delayMs\":0,\"blocking\":true,\"repeat\":10000}",
    };
    /** After a refusal other than busy (rate_limited, overloaded...): wait this long, then prompt again. */
    private static final long RETRY_MS = 100;

    @Override
    public void begin(Turn turn) {
        turn.dial(new Reader(turn));
    }

    private static final class Reader implements SocketBehaviour {
        private final Turn turn;
        private int sent;

        Reader(Turn turn) {
            this.turn = turn;
        }

        @Override
        public void opened(AttackSocket socket) {
            socket.send(AbuseTexts.HELLO);
        }

        @Override
        public void received(AttackSocket socket, Received frame) {
            switch (frame.type()) {
                case "welcome", "done" -> prompt(socket);
                case "error" -> {
                    if ("busy".equals(frame.code())) {
                        prompt(socket);
                    } else {
                        turn.later(RETRY_MS, () -> prompt(socket));
                    }
                }
                default -> { }
            }
        }

        private void prompt(AttackSocket socket) {
            String params = PARAMS[sent % PARAMS.length];
            sent++;
            socket.send(AbuseTexts.prompt("b" + sent, AbuseTexts.BURST_TEXT, params));
        }
    }
}
