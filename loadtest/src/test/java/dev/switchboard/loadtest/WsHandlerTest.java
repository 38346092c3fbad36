package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.flow.FlowControlHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The end of a connection's pipeline, on Netty's in-memory channel (no server): what the simulated
 * users rely on when a connection opens, reads, pauses and ends.
 */
@Timeout(5)
class WsHandlerTest {

    private final List<String> events = new ArrayList<>();
    private final CompletableFuture<WsConnection> opened = new CompletableFuture<>();
    private boolean pauseOnText;
    private EmbeddedChannel channel;

    private final WsListener listener = new WsListener() {
        @Override
        public void onOpen(WsConnection ws) {
            events.add("open");
        }

        @Override
        public void onText(WsConnection ws, byte[] utf8) {
            events.add("text " + new String(utf8, StandardCharsets.UTF_8));
            if (pauseOnText) {
                ws.pause();
            }
        }

        @Override
        public void onClose(WsConnection ws, int code, String reason) {
            events.add("close " + code + " " + reason);
        }

        @Override
        public void onError(WsConnection ws, Throwable error) {
            events.add("error " + error.getClass().getSimpleName());
        }
    };

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel(new FlowControlHandler(), new WsHandler(listener, opened));
    }

    private WsConnection open() {
        channel.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        return opened.getNow(null);
    }

    @Test
    void theConnectionOpensWhenTheHandshakeCompletesAndBeforeTheFutureDoes() {
        assertFalse(opened.isDone());
        WsConnection ws = open();
        assertNotNull(ws);
        assertEquals(List.of("open"), events);
    }

    @Test
    void aConnectionThatEndsBeforeTheHandshakeFailsTheFutureAndTellsTheListenerNothing() {
        channel.close();
        assertTrue(opened.isCompletedExceptionally());
        assertEquals(List.of(), events);
    }

    @Test
    void aCloseFrameIsReportedWithItsCodeAndReasonThenAnsweredAndTheChannelClosed() {
        open();
        channel.writeInbound(new CloseWebSocketFrame(1008, "too slow to keep up"));
        assertEquals(List.of("open", "close 1008 too slow to keep up"), events);
        CloseWebSocketFrame answer = channel.readOutbound();
        assertEquals(1008, answer.statusCode());
        answer.release();
        assertFalse(channel.isOpen());
    }

    @Test
    void aCloseFrameWithoutACodeIsReportedAs1005AndAnsweredWithoutOne() {
        open();
        channel.writeInbound(new CloseWebSocketFrame());
        assertEquals(List.of("open", "close 1005 "), events);
        CloseWebSocketFrame answer = channel.readOutbound();
        assertEquals(-1, answer.statusCode());
        answer.release();
    }

    @Test
    void aConnectionThatEndsWithoutACloseFrameReportsOneError() {
        open();
        channel.close();
        assertEquals(List.of("open", "error ClosedChannelException"), events);
    }

    @Test
    void anAbortClosesAtOnceAndIsNotReportedBack() {
        WsConnection ws = open();
        ws.abort();
        assertFalse(channel.isOpen());
        assertNull(channel.readOutbound()); // no close frame: as a lost network
        assertEquals(List.of("open"), events);
    }

    @Test
    void framesThatArriveAfterTheUsersOwnCloseAreIgnored() {
        WsConnection ws = open();
        ws.close(1000, "done");
        channel.writeInbound(new TextWebSocketFrame("late"));
        assertEquals(List.of("open"), events);
    }

    @Test
    void aTextMessageInFragmentsArrivesWholeEvenWhenACharacterIsSplit() {
        open();
        byte[] bytes = "{\"text\":\"café\"}".getBytes(StandardCharsets.UTF_8);
        int cut = bytes.length - 3; // inside the two bytes of é
        channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(bytes, 0, cut)));
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut)));
        assertEquals(List.of("open", "text {\"text\":\"café\"}"), events);
    }

    @Test
    void aPausedConnectionDeliversNothingUntilItResumesThenEverythingInOrder() {
        WsConnection ws = open();
        pauseOnText = true;
        channel.writeInbound(new TextWebSocketFrame("1"), new TextWebSocketFrame("2"), new TextWebSocketFrame("3"));
        assertEquals(List.of("open", "text 1"), events);
        pauseOnText = false;
        ws.resume();
        channel.runPendingTasks();
        assertEquals(List.of("open", "text 1", "text 2", "text 3"), events);
    }

    @Test
    void aConnectionOpenedWithoutFlowControlRefusesToPauseAndKeepsReading() {
        channel = new EmbeddedChannel(new WsHandler(listener, opened));
        WsConnection ws = open();
        assertThrows(IllegalStateException.class, ws::pause);
        channel.writeInbound(new TextWebSocketFrame("1"));
        assertEquals(List.of("open", "text 1"), events);
    }

    @Test
    void sendsLeaveInTheOrderTheyWereCalled() {
        WsConnection ws = open();
        ws.sendText("hello");
        ws.sendText("prompt");
        ws.close(1000, "done");
        channel.runPendingTasks();
        assertEquals("hello", text(channel.readOutbound()));
        assertEquals("prompt", text(channel.readOutbound()));
        CloseWebSocketFrame close = channel.readOutbound();
        assertEquals(1000, close.statusCode());
        assertEquals("done", close.reasonText());
        close.release();
        assertFalse(channel.isOpen());
        assertEquals(List.of("open"), events); // the user's own close is not reported back to it
    }

    private static String text(Object frame) {
        TextWebSocketFrame text = assertInstanceOf(TextWebSocketFrame.class, frame);
        String s = text.text();
        text.release();
        return s;
    }
}
