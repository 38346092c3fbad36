package dev.switchboard.loadtest.attack;

/**
 * Hello flood: one connection sends hellos as fast as the socket takes them, every other one asking
 * for a new session and the rest naming a random, well-formed session id that no server has made.
 * Each accepted one is a new session on the server.
 *
 * <p>Concurrency: on the attackers' event loop only.
 */
final class HelloFloodAbuse implements Abuse {

    @Override
    public void begin(Turn turn) {
        turn.dial(new Flooder());
    }

    private static final class Flooder implements SocketBehaviour {
        private long n;

        @Override
        public void opened(AttackSocket socket) {
            socket.flood(() -> n++ % 2 == 0 ? AbuseTexts.HELLO : AbuseTexts.helloTo(AbuseTexts.randomSessionId()));
        }
    }
}
