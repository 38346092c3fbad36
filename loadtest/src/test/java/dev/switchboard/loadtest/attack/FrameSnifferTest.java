package dev.switchboard.loadtest.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Skimming frames for the few fields attackers act on. */
@Timeout(5)
class FrameSnifferTest {

    private static ByteBuf frame(String json) {
        return Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
    }

    @Test
    void theTypeCodeAndSessionAreFoundWhereTheServerWritesThem() {
        assertEquals("token", FrameSniffer.type(frame("{\"type\":\"token\",\"seq\":5,\"gen\":\"g1\",\"text\":\"a \"}")));
        ByteBuf error = frame("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"more than 50\"}");
        assertEquals("error", FrameSniffer.type(error));
        assertEquals("rate_limited", FrameSniffer.code(error));
        assertEquals("s3cr3t", FrameSniffer.session(frame("{\"type\":\"welcome\",\"session\":\"s3cr3t\",\"created\":true}")));
    }

    @Test
    void aQuotedNameInsideAStringValueIsNotTakenForAMember() {
        ByteBuf token = frame("{\"seq\":5,\"text\":\"say \\\"type\\\":\\\"done\\\"\",\"type\":\"token\"}");
        assertEquals("token", FrameSniffer.type(token));
    }

    @Test
    void aFrameWithoutTheFieldGivesAQuestionMarkOrNull() {
        assertEquals("?", FrameSniffer.type(frame("{\"seq\":1}")));
        assertNull(FrameSniffer.session(frame("{\"type\":\"pong\"}")));
    }
}
