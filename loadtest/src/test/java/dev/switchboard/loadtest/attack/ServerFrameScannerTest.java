package dev.switchboard.loadtest.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server frames read from a raw socket, whatever pieces the bytes come in. */
@Timeout(5)
class ServerFrameScannerTest {

    private final List<String> seen = new ArrayList<>();
    private final ServerFrameScanner scanner = new ServerFrameScanner(new ServerFrameScanner.Listener() {
        @Override
        public void frame(int opcode, long length) {
            seen.add("frame " + opcode + " " + length);
        }

        @Override
        public void close(int code) {
            seen.add("close " + code);
        }
    });

    @Test
    void aTextFrameThenACloseWithItsCodeAreSeenWhenFedOneByteAtATime() {
        byte[] stream = join(new byte[] {(byte) 0x81, 2, 'h', 'i'}, new byte[] {(byte) 0x88, 4, 0x03, (byte) 0xF1, 'x', 'y'});
        for (byte b : stream) {
            scanner.feed(new byte[] {b}, 0, 1);
        }
        assertEquals(List.of("frame 1 2", "frame 8 4", "close 1009"), seen);
    }

    @Test
    void aCloseWithoutACodeIs1005AndLongLengthsAreRead() {
        byte[] big = new byte[4 + 300];
        big[0] = (byte) 0x81;
        big[1] = 126;
        big[2] = 1;
        big[3] = 44; // 300
        scanner.feed(join(big, new byte[] {(byte) 0x88, 0}), 0, big.length + 2);
        assertEquals(List.of("frame 1 300", "frame 8 0", "close 1005"), seen);
    }

    private static byte[] join(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
