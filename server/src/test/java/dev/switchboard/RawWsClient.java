package dev.switchboard;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket client written against the bare socket, for tests that must do what a well-behaved
 * library never does (stop in the middle of a frame, declare a frame it never sends) or see what a
 * library hides (a data frame after the close frame, the exact bytes of every frame). It checks every
 * frame it reads as RFC 6455 section 5.2 has it, and fails the test on any malformed one.
 *
 * <p>Concurrency: one thread reads (reads block, with a timeout); writes may come from any thread,
 * each frame whole under the client's monitor.
 */
public final class RawWsClient implements AutoCloseable {

    /** A frame as read: its opcode, whether FIN was set, its payload. */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        public static final int CONTINUATION = 0;
        public static final int TEXT = 1;
        public static final int BINARY = 2;
        public static final int CLOSE = 8;
        public static final int PING = 9;
        public static final int PONG = 10;

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame (1005 when it carries none). */
        public int closeCode() {
            return payload.length < 2 ? 1005 : (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024));
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code ws://127.0.0.1:port/ws} and completes the handshake (101 or it throws). */
    public static RawWsClient connect(int port) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15_000);
            RawWsClient client = new RawWsClient(socket);
            client.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            client.out.flush();
            String response = client.readHttpHeader();
            if (!response.startsWith("HTTP/1.1 101")) {
                socket.close();
                throw new IllegalStateException("handshake refused: " + response);
            }
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one whole text frame. */
    public void sendText(String text) {
        sendFrame(Frame.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one frame, masked as a client must. */
    public synchronized void sendFrame(int opcode, boolean fin, byte[] payload) {
        write(header(opcode, fin, payload.length));
        write(payload); // the mask key is zero, so the masked payload is the payload
    }

    /**
     * Sends only the header of a masked frame that declares {@code length} payload bytes (the mask
     * key is zero, so payload bytes may then be sent as they are with {@link #sendRawBytes}).
     */
    public synchronized void sendHeader(int opcode, boolean fin, long length) {
        write(header(opcode, fin, length));
    }

    /** Writes bytes as they are: the payload of a frame begun with {@link #sendHeader}, say. */
    public synchronized void sendRawBytes(byte[] bytes) {
        write(bytes);
    }

    /** Sends a close frame with {@code code}. */
    public void sendClose(int code) {
        sendFrame(Frame.CLOSE, true, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    /** Reads the next frame; throws on a malformed one, or when the connection ends first. */
    public Frame read() {
        try {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            if ((b0 & 0x70) != 0) {
                throw new AssertionError("reserved bits set in a server frame: " + Integer.toHexString(b0));
            }
            if ((b1 & 0x80) != 0) {
                throw new AssertionError("a server frame must not be masked");
            }
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
                if (length < 126) {
                    throw new AssertionError("a 16-bit length under 126: " + length);
                }
            } else if (length == 127) {
                length = in.readLong();
                if (length <= 0xFFFF) {
                    throw new AssertionError("a 64-bit length that fits in 16 bits: " + length);
                }
            }
            int opcode = b0 & 0x0F;
            boolean fin = (b0 & 0x80) != 0;
            if (opcode >= Frame.CLOSE && (length > 125 || !fin)) {
                throw new AssertionError("a control frame must be short and whole: opcode " + opcode);
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            return new Frame(opcode, fin, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads text frames until one contains {@code needle}; returns that frame's text. */
    public String readTextContaining(String needle) {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == Frame.TEXT && frame.text().contains(needle)) {
                return frame.text();
            }
            if (frame.opcode() == Frame.CLOSE) {
                throw new AssertionError("closed (" + frame.closeCode() + ") before a frame with " + needle);
            }
        }
    }

    /** Reads frames up to the server's close frame, which it returns; fails when none comes within {@code atMost}. */
    public Frame readUntilClose(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        try {
            while (true) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                Frame frame = read();
                if (frame.opcode() == Frame.CLOSE) {
                    return frame;
                }
            }
        } catch (UncheckedIOException e) {
            throw new AssertionError("no close frame within " + atMost.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads every frame until the connection ends (or {@code atMost} passes, which fails): the frames
     * in order. The server's TCP close ends the list; a reset does too.
     */
    public List<Frame> readUntilEnd(Duration atMost) {
        List<Frame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + atMost.toNanos();
        try {
            while (true) {
                int left = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                socket.setSoTimeout(left);
                frames.add(read());
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof SocketTimeoutException) {
                throw new AssertionError("the connection was still open after " + atMost.toMillis() + " ms; read "
                        + frames.size() + " frames", e);
            }
            if (!(e.getCause() instanceof EOFException) && !isReset(e.getCause())) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frames;
    }

    /** True once the server has ended the connection (EOF or reset) within {@code atMost}. */
    public boolean endsWithin(Duration atMost) {
        try {
            readUntilEnd(atMost);
            return true;
        } catch (AssertionError stillOpen) {
            return false;
        }
    }

    /** Reads and drops every frame from now on, on a thread of its own, until the connection ends. */
    public void drainInBackground() {
        // a platform thread: a virtual one would take a carrier from the server under test, in this JVM
        Thread.ofPlatform().daemon().name("raw-ws-drain").start(() -> {
            try {
                socket.setSoTimeout(0);
                while (true) {
                    read();
                }
            } catch (RuntimeException | IOException ended) {
                // the connection ended, or the test closed it
            }
        });
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static boolean isReset(Throwable t) {
        return t instanceof java.net.SocketException s && s.getMessage() != null
                && (s.getMessage().contains("reset") || s.getMessage().contains("closed"));
    }

    private static byte[] header(int opcode, boolean fin, long length) {
        ByteArrayOutputStream h = new ByteArrayOutputStream(14);
        h.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            h.write(0x80 | (int) length);
        } else if (length <= 0xFFFF) {
            h.write(0x80 | 126);
            h.write((int) (length >>> 8));
            h.write((int) length);
        } else {
            h.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                h.write((int) (length >>> (8 * i)));
            }
        }
        h.writeBytes(new byte[4]); // a zero mask key: the payload goes as it is
        return h.toByteArray();
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHttpHeader() throws IOException {
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            seen.append((char) b);
        }
        return seen.toString();
    }
}
