package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What counts as a server alive after the attack: the first frame after each probe's hello. */
@Timeout(5)
class LivenessTest {

    @Test
    void aFreshHelloMustBeWelcomedToANewSession() {
        assertTrue(Liveness.judge("{\"type\":\"welcome\",\"session\":\"s\",\"created\":true,\"seq\":0}",
                Liveness.Expect.CREATED, 3).ok());
        Liveness.Probe notNew = Liveness.judge("{\"type\":\"welcome\",\"session\":\"s\",\"seq\":4}",
                Liveness.Expect.CREATED, 3);
        assertFalse(notNew.ok());
        assertTrue(notNew.detail().contains("without created: true"), notNew.detail());
    }

    @Test
    void aResumeMustBeWelcomedToTheSameSessionNotANewOne() {
        assertTrue(Liveness.judge("{\"type\":\"welcome\",\"session\":\"s\",\"seq\":40}", Liveness.Expect.RESUMED, 1).ok());
        assertTrue(Liveness.judge("{\"type\":\"welcome\",\"session\":\"s\",\"created\":false}", Liveness.Expect.RESUMED, 1).ok());
        Liveness.Probe lost = Liveness.judge("{\"type\":\"welcome\",\"session\":\"t\",\"created\":true}",
                Liveness.Expect.RESUMED, 1);
        assertFalse(lost.ok());
        assertTrue(lost.detail().contains("not there any more"), lost.detail());
    }

    @Test
    void anErrorInsteadOfAWelcomeFailsWithItsCode() {
        Liveness.Probe p = Liveness.judge("{\"type\":\"error\",\"code\":\"overloaded\",\"message\":\"no\"}",
                Liveness.Expect.CREATED, 2);
        assertFalse(p.ok());
        assertEquals("answered error overloaded instead of welcome", p.detail());
    }
}
