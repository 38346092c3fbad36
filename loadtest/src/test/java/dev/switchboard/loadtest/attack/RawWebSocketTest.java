package dev.switchboard.loadtest.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-made WebSocket pieces, against the examples of RFC 6455 itself. */
@Timeout(5)
class RawWebSocketTest {

    @Test
    void theAcceptValueOfTheRfcsSampleKeyIsTheRfcsOwn() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", RawWebSocket.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void aMaskedHelloIsByteForByteTheRfcsExample() {
        byte[] mask = {0x37, (byte) 0xfa, 0x21, 0x3d};
        byte[] expected = {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58};
        assertArrayEquals(expected, RawWebSocket.maskedText("Hello", mask));
    }

    @Test
    void aHeaderUsesTheShortestLengthFormAndEndsWithTheMask() {
        byte[] mask = {1, 2, 3, 4};
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) (0x80 | 125), 1, 2, 3, 4}, RawWebSocket.header(1, 125, mask));
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0xFE, (byte) 0xEA, 0x60, 1, 2, 3, 4},
                RawWebSocket.header(1, 60_000, mask));
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0xFF, 0, 0, 0, 0, 0, 0x40, 0, 0, 1, 2, 3, 4},
                RawWebSocket.header(1, 4L << 20, mask));
    }

    @Test
    void aPayloadMaskedInPartsIsThePayloadMaskedWhole() {
        byte[] mask = {9, 8, 7, 6};
        byte[] whole = "a payload of some length".getBytes(StandardCharsets.UTF_8);
        byte[] first = Arrays.copyOfRange(whole, 0, 7);
        byte[] second = Arrays.copyOfRange(whole, 7, whole.length);
        RawWebSocket.mask(whole, mask, 0);
        RawWebSocket.mask(first, mask, 0);
        RawWebSocket.mask(second, mask, 7);
        byte[] joined = new byte[whole.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        assertArrayEquals(whole, joined);
    }

    @Test
    void theUpgradeRequestNamesThePathHostKeyAndVersion() {
        String request = new String(RawWebSocket.handshake(URI.create("ws://127.0.0.1:18080/ws"), "KEY=="),
                StandardCharsets.US_ASCII);
        assertTrue(request.startsWith("GET /ws HTTP/1.1\r\n"), request);
        assertTrue(request.contains("\r\nHost: 127.0.0.1:18080\r\n"), request);
        assertTrue(request.contains("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"), request);
        assertTrue(request.contains("\r\nSec-WebSocket-Key: KEY==\r\nSec-WebSocket-Version: 13\r\n"), request);
        assertTrue(request.endsWith("\r\n\r\n"), request);
    }

    @Test
    void onlyA101WithTheRightAcceptValueCountsAsAnUpgrade() {
        String key = "dGhlIHNhbXBsZSBub25jZQ==";
        assertTrue(RawWebSocket.accepted("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", key));
        assertFalse(RawWebSocket.accepted("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: wrong=", key));
        assertFalse(RawWebSocket.accepted("HTTP/1.1 403 Forbidden\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                key));
    }

    @Test
    void aNewKeyIsSixteenBytesInBase64() {
        String key = RawWebSocket.newKey(new SplittableRandom(1));
        assertEquals(16, Base64.getDecoder().decode(key).length);
    }
}
