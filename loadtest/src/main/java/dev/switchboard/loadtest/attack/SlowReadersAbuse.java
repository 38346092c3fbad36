package dev.switchboard.loadtest.attack;

/**
 * Slow readers on one big session: one connection makes a session and asks for a two-million-token
 * burst (a new one whenever it ends), reading it; ten more connections attach to that session and
 * stop reading for the rest of the turn, so that every token piles up for them. At the end of the
 * turn they read again briefly, to count a close the server may have sent them.
 *
 * <p>Concurrency: on the attackers' event loop only.
 */
final class SlowReadersAbuse implements Abuse {

    static final int READERS = 10;
    static final String PARAMS = "{\"delayMs\":0,\"repeat\":10000}";

    @Override
    public void begin(Turn turn) {
        turn.dial(new Leader(turn));
    }

    private static final class Leader implements SocketBehaviour {
        private final Turn turn;
        private String session;
        private int sent;

        Leader(Turn turn) {
            this.turn = turn;
        }

        @Override
        public void opened(AttackSocket socket) {
            socket.send(session == null ? AbuseTexts.HELLO : AbuseTexts.helloTo(session));
        }

        @Override
        public void received(AttackSocket socket, Received frame) {
            switch (frame.type()) {
                case "welcome" -> {
                    if (session == null && frame.session() != null) {
                        session = frame.session();
                        for (int i = 0; i < READERS; i++) {
                            turn.dialOnce(new NonReader(session));
                        }
                    }
                    prompt(socket);
                }
                case "done" -> prompt(socket);
                default -> { }
            }
        }

        private void prompt(AttackSocket socket) {
            sent++;
            socket.send(AbuseTexts.prompt("s" + sent, AbuseTexts.BURST_TEXT, PARAMS));
        }
    }

    private static final class NonReader implements SocketBehaviour {
        private final String session;

        NonReader(String session) {
            this.session = session;
        }

        @Override
        public void opened(AttackSocket socket) {
            socket.send(AbuseTexts.helloTo(session));
            socket.pauseReading();
        }
    }
}
