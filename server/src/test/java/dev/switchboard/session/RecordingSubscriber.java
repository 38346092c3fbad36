package dev.switchboard.session;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A subscriber for tests of the session package: keeps every session event it is handed, live or
 * replayed from the log, as JSON, in order; always has room, so it reads a backlog as soon as it is
 * told of one.
 */
class RecordingSubscriber implements Subscriber {

    final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private volatile Backlog backlog;

    @Override
    public void subscribed(Backlog session) {
        backlog = session;
    }

    @Override
    public void unsubscribed() {
        backlog = null;
    }

    @Override
    public void frame(String json) {
    }

    @Override
    public void replayed(byte[] frame) {
        events.add(json(frame));
    }

    @Override
    public void behind(Cursor next) {
        Backlog b = backlog;
        Thread.ofVirtual().start(() -> b.catchUp(this, next, 64 * 1024)); // not under the session's lock
    }

    @Override
    public void caughtUp() {
    }

    @Override
    public void lost() {
        throw new AssertionError("a recording subscriber always keeps up");
    }

    @Override
    public void event(SessionEvent event) {
        events.add(json(event.frame()));
    }

    long dones() {
        return events.stream().filter(e -> "done".equals(e.get("type").getAsString())).count();
    }

    /** The JSON of a server frame. */
    static JsonObject json(byte[] frame) {
        int length7 = frame[1] & 0x7F;
        int header = length7 < 126 ? 2 : length7 == 126 ? 4 : 10;
        return JsonParser.parseString(new String(frame, header, frame.length - header, StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    @Override
    public String toString() {
        return events.toString();
    }
}
