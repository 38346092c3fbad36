package dev.switchboard.loadtest.attack;

/**
 * Huge history: one connection sends prompts of 32,000 characters, each asking for the prompt
 * repeated 122 times with no pause (about 3.9 MB of reply), as fast as the server takes them: one
 * more after each {@code queued}, until {@code busy}, then one after each {@code done}. It reads
 * the replies. Every few seconds another connection says hello to that session without
 * {@code after}, which asks for a welcome with the session's history ({@code historyHellos}); it
 * counts the welcome ({@code welcomes}), its size and how long it took ({@code welcomeBytesMax},
 * {@code welcomeMsMax}) and leaves. A welcome that has not come when the turn ends is not waited for.
 *
 * <p>Concurrency: on the attackers' event loop only.
 */
final class HugeHistoryAbuse implements Abuse {

    static final String PARAMS = "{\"delayMs\":0,\"repeat\":122}";
    /** How often another connection asks for the session's history. */
    static final long HISTORY_EVERY_MS = 2_000;
    private static final long RETRY_MS = 200;

    @Override
    public void begin(Turn turn) {
        Writer writer = new Writer(turn);
        turn.dial(writer);
        turn.every(HISTORY_EVERY_MS, () -> {
            if (writer.session != null) {
                turn.dialOnce(new HistoryReader(turn, writer.session));
            }
        });
    }

    private static final class Writer implements SocketBehaviour {
        private final Turn turn;
        private String session;
        private boolean full; // the last prompt was refused as busy: wait for a done
        private boolean retryQueued;
        private int sent;

        Writer(Turn turn) {
            this.turn = turn;
        }

        @Override
        public void opened(AttackSocket socket) {
            full = false;
            socket.send(session == null ? AbuseTexts.HELLO : AbuseTexts.helloTo(session));
        }

        @Override
        public void received(AttackSocket socket, Received frame) {
            switch (frame.type()) {
                case "welcome" -> {
                    if (session == null) {
                        session = frame.session();
                    }
                    prompt(socket);
                }
                case "queued" -> {
                    if (!full) {
                        prompt(socket);
                    }
                }
                case "done" -> {
                    full = false;
                    prompt(socket);
                }
                case "error" -> {
                    if ("busy".equals(frame.code())) {
                        full = true;
                    } else if (!retryQueued) {
                        retryQueued = true;
                        turn.later(RETRY_MS, () -> {
                            retryQueued = false;
                            prompt(socket);
                        });
                    }
                }
                default -> { }
            }
        }

        private void prompt(AttackSocket socket) {
            sent++;
            socket.send(AbuseTexts.prompt("h" + sent, AbuseTexts.HUGE_TEXT, PARAMS));
        }
    }

    private static final class HistoryReader implements SocketBehaviour {
        private final Turn turn;
        private final String session;
        private long helloAt;

        HistoryReader(Turn turn, String session) {
            this.turn = turn;
            this.session = session;
        }

        @Override
        public void opened(AttackSocket socket) {
            helloAt = System.nanoTime();
            turn.counters().count("historyHellos");
            socket.send(AbuseTexts.helloTo(session));
        }

        @Override
        public void received(AttackSocket socket, Received frame) {
            if ("welcome".equals(frame.type())) {
                turn.counters().count("welcomes");
                turn.counters().max("welcomeBytesMax", frame.bytes());
                turn.counters().max("welcomeMsMax", (System.nanoTime() - helloAt) / 1_000_000);
                socket.close();
            }
        }
    }
}
