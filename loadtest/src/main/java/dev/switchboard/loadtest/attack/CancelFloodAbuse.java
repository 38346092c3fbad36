package dev.switchboard.loadtest.attack;

/**
 * Cancel and queue floods: one connection sends, as fast as the socket takes them, rounds of nine
 * prompts of slow replies ({@code delayMs} 1000, 50 repeats: up to and past the session's queue of 8,
 * so {@code busy}), a cancel of the running generation, a cancel of a generation that does not exist,
 * and one more prompt; about once a second a hello that moves it to a new session, where the same
 * goes on.
 *
 * <p>Concurrency: on the attackers' event loop only.
 */
final class CancelFloodAbuse implements Abuse {

    static final String PARAMS = "{\"delayMs\":1000,\"repeat\":50}";
    /** A round: this many frames, the last three a cancel, an unknown cancel and a prompt. */
    static final int ROUND = 12;
    private static final long NEW_SESSION_EVERY_NANOS = 1_000_000_000L;

    @Override
    public void begin(Turn turn) {
        turn.dial(new Flooder());
    }

    private static final class Flooder implements SocketBehaviour {
        private long n;
        private long lastHello;
        private boolean flooding;

        @Override
        public void opened(AttackSocket socket) {
            flooding = false;
            socket.send(AbuseTexts.HELLO);
        }

        @Override
        public void received(AttackSocket socket, Received frame) {
            if ("welcome".equals(frame.type()) && !flooding) {
                flooding = true;
                lastHello = System.nanoTime();
                socket.flood(this::next);
            }
        }

        private String next() {
            long now = System.nanoTime();
            if (now - lastHello >= NEW_SESSION_EVERY_NANOS) {
                lastHello = now;
                return AbuseTexts.HELLO;
            }
            long i = n++;
            return switch ((int) (i % ROUND)) {
                case ROUND - 3 -> AbuseTexts.CANCEL;
                case ROUND - 2 -> AbuseTexts.CANCEL_UNKNOWN;
                default -> AbuseTexts.prompt("c" + i, AbuseTexts.SHORT_TEXT, PARAMS);
            };
        }
    }
}
