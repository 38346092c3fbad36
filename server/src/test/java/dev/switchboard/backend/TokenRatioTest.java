package dev.switchboard.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TokenRatioTest {

    private final TokenRatio ratio = new TokenRatio();

    @Test
    void untilUsageIsSeenATokenIsFourCharacters() {
        assertEquals(4.0, ratio.charsPerToken());
        assertEquals(250, ratio.tokens(1_000));
        assertEquals(1, ratio.tokens(1), "a part of a token counts as one");
    }

    @Test
    void theFirstUsageSeenReplacesTheDefault() {
        ratio.learn(1_000, 500);
        assertEquals(2.0, ratio.charsPerToken());
        assertEquals(500, ratio.tokens(1_000));
    }

    @Test
    void laterUsageMovesTheRatioAQuarterOfTheWay() {
        ratio.learn(1_000, 500); // 2
        ratio.learn(6_000, 1_000); // 6: a quarter of the way from 2 is 3
        assertEquals(3.0, ratio.charsPerToken(), 1e-9);
    }

    @Test
    void anAbsurdObservationIsClampedAndNothingIsLearnedFromZero() {
        ratio.learn(100, 0);
        ratio.learn(0, 100);
        assertEquals(4.0, ratio.charsPerToken());
        ratio.learn(1_000_000, 1);
        assertEquals(TokenRatio.MAX, ratio.charsPerToken());
    }

    @Test
    void observationsMadeAtTheSameTimeAllCount() throws InterruptedException {
        ratio.learn(2, 1); // 2 characters a token
        int threads = 8;
        int each = 500;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        ratio.learn(2, 1);
                    }
                });
            }
            go.countDown();
        }
        assertEquals(1 + threads * each, ratio.observations(), "no observation was lost to a race");
        assertEquals(2.0, ratio.charsPerToken(), 1e-9);
    }
}
