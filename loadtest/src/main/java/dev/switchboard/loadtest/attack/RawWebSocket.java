package dev.switchboard.loadtest.attack;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * The few pieces of RFC 6455 an attacker needs to speak WebSocket by hand over plain TCP: the
 * upgrade request, the answer's accept value, and masked client frame headers and payloads. A
 * library client always finishes the frames it starts, which is exactly what the unfinished-frame
 * abuse must not do.
 *
 * <p>Stateless.
 */
final class RawWebSocket {

    /** Opcode of a text frame. */
    static final int TEXT = 0x1;
    /** Opcode of a close frame. */
    static final int CLOSE = 0x8;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private RawWebSocket() {
    }

    /** A fresh {@code Sec-WebSocket-Key}: 16 random bytes in base64. */
    static String newKey(RandomGenerator random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The HTTP/1.1 upgrade request for {@code url} (a ws:// URL) with {@code key}, as bytes to write. */
    static byte[] handshake(URI url, String key) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        int port = url.getPort() == -1 ? 80 : url.getPort();
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    /** The {@code Sec-WebSocket-Accept} a server must answer to {@code key}. */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * Whether {@code response} (the head of the server's answer, up to its blank line) accepts the
     * upgrade asked with {@code key}: status 101 and the right accept value.
     */
    static boolean accepted(String response, String key) {
        String[] lines = response.split("\r\n");
        if (lines.length == 0 || !lines[0].matches("HTTP/1\\.1 101( .*)?")) {
            return false;
        }
        String expected = accept(key);
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Accept")) {
                return line.substring(colon + 1).trim().equals(expected);
            }
        }
        return false;
    }

    /** A fresh masking key: four random bytes, one per frame, as RFC 6455 asks of clients. */
    static byte[] newMask(RandomGenerator random) {
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        return mask;
    }

    /**
     * The header of a masked client frame that declares {@code length} payload bytes (the 7-bit, 16-bit
     * or 64-bit length form, whichever is shortest), the masking key last.
     */
    static byte[] header(int opcode, long length, byte[] mask) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        int lengthBytes = length < 126 ? 0 : length <= 0xFFFF ? 2 : 8;
        byte[] h = new byte[2 + lengthBytes + 4];
        h[0] = (byte) (0x80 | opcode); // FIN: one frame per message
        if (lengthBytes == 0) {
            h[1] = (byte) (0x80 | length);
        } else if (lengthBytes == 2) {
            h[1] = (byte) (0x80 | 126);
            h[2] = (byte) (length >>> 8);
            h[3] = (byte) length;
        } else {
            h[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                h[2 + i] = (byte) (length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(mask, 0, h, 2 + lengthBytes, 4);
        return h;
    }

    /**
     * Masks {@code payload} in place as the bytes from {@code offset} on of a frame's payload: byte
     * {@code i} of the payload is XORed with byte {@code i % 4} of the key, so a payload sent in parts
     * is masked part by part.
     */
    static void mask(byte[] payload, byte[] mask, long offset) {
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[(int) ((offset + i) & 3)];
        }
    }

    /** One whole masked text frame carrying {@code text}. */
    static byte[] maskedText(String text, byte[] mask) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] header = header(TEXT, payload.length, mask);
        mask(payload, mask, 0);
        byte[] frame = new byte[header.length + payload.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(payload, 0, frame, header.length, payload.length);
        return frame;
    }
}
