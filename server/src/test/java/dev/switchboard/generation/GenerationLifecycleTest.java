package dev.switchboard.generation;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.ManualClock;
import dev.switchboard.Replies;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import dev.switchboard.config.SwitchboardConfig;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a reply ends (issue 2, "Generation"): cancel stops the generator itself, timeouts end with
 * {@code timeout}, a failing generator ends with {@code error} and leaves the session usable, and a
 * state update is committed only with a {@code done} whose reason is {@code stop}.
 */
@Timeout(30)
class GenerationLifecycleTest {

    private Switchboard server;

    private int start(Consumer<SwitchboardConfig.Builder> cfg) {
        server = TestServers.start(cfg);
        return server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void cancelInterruptsABlockingGeneratorStuckBetweenTokensAndItsThreadEnds() {
        LoopingGenerator model = new LoopingGenerator(false, 3);
        try (WsClient client = WsClient.hello(start(cfg -> cfg.generator(model)), null)) {
            JsonObject done = cancelAfterThreeTokens(client);

            await().atMost(Duration.ofSeconds(10)).until(() -> !model.thread.get().isAlive());
            assertInstanceOf(InterruptedException.class, model.stoppedBy.get(), "cancel interrupted its pause");
            assertEquals(3, done.get("tokens").getAsInt());
            assertEquals(3, model.accepted.get());
        }
    }

    @Test
    void cancelMidReplyStopsAGeneratorThatIgnoresInterruptsAtItsNextToken() {
        LoopingGenerator model = new LoopingGenerator(true, Integer.MAX_VALUE);
        try (WsClient client = WsClient.hello(start(cfg -> cfg.generator(model)), null)) {
            JsonObject done = cancelAfterThreeTokens(client);

            await().atMost(Duration.ofSeconds(10)).until(() -> !model.thread.get().isAlive());
            assertInstanceOf(GenerationCancelledException.class, model.stoppedBy.get(), "the sink refused the token");
            assertEquals(done.get("tokens").getAsInt(), model.accepted.get(),
                    "every token the sink took is in the reply, and it took none after done");
        }
    }

    /**
     * Regression: cancelling an asynchronous generation completed its stage from the runner's cancel
     * hook and so gave its slot back at once, while the upstream work it stands for (which ignores
     * cancel here) went on: the concurrency limit did not bound it. The slot now waits for the
     * generator's own stage.
     */
    @Test
    void aCancelledAsynchronousGenerationKeepsItsSlotUntilItsGeneratorHasReallyFinished() {
        CompletableFuture<Outcome> upstream = new CompletableFuture<>();
        AsyncGenerator ignoresCancel = (prompt, sink) -> prompt.text().equals("first") ? upstream
                : CompletableFuture.completedFuture(Outcome.stop());
        int port = start(cfg -> cfg.generator(ignoresCancel).maxGenerations(1));
        try (WsClient first = WsClient.hello(port, null); WsClient second = WsClient.hello(port, null)) {
            first.prompt("p1", "first", null);
            first.awaitType("start");
            first.send("{\"type\":\"cancel\"}");
            assertEquals("cancelled", first.awaitDone("p1").get("reason").getAsString());

            second.prompt("p2", "second", null);
            JsonObject queued = second.awaitType("queued");
            assertEquals(1, queued.get("position").getAsInt(), "it waits for the slot: " + queued);
            second.roundTrip();
            assertTrue(second.frames("start").isEmpty(), "the cancelled generator still holds the only slot");

            upstream.complete(Outcome.stop()); // the upstream work really ends
            assertEquals("stop", second.awaitDone("p2").get("reason").getAsString());
        }
    }

    /** Sends a prompt, cancels it by gen after three tokens, checks the done, returns it. */
    private static JsonObject cancelAfterThreeTokens(WsClient client) {
        client.prompt("p1", "go", null);
        client.await(f -> client.frames("token").size() >= 3);
        String gen = client.frames("start").getFirst().get("gen").getAsString();
        client.send("{\"type\":\"cancel\",\"gen\":\"" + gen + "\"}");
        JsonObject done = client.awaitDone("p1");
        assertEquals("cancelled", done.get("reason").getAsString());
        assertTrue(done.get("tokens").getAsInt() >= 3);
        client.roundTrip(); // anything sent after done has arrived now
        List<JsonObject> events = Replies.events(client.frames());
        assertEquals(done, events.getLast(), "no token of " + gen + " after its done");
        Replies.assertWhole(client.frames(), done);
        assertEquals(done.get("tokens").getAsInt(), client.frames("token").size());
        return done;
    }

    /**
     * Regression: a cancel that reached the server before the generation's thread had bound itself did
     * nothing, and the generator ran on until the token timeout. This generator emits no token and
     * stops only when cancelled or interrupted; a cancel sent right behind the prompt often wins that race.
     */
    @Test
    void aCancelRightBehindItsPromptStillStopsTheGenerator() {
        Queue<Thread> threads = new ConcurrentLinkedQueue<>();
        BlockingGenerator waitsForCancel = (prompt, sink) -> {
            threads.add(Thread.currentThread());
            while (!prompt.isCancelled()) {
                Thread.sleep(500);
            }
            return Outcome.stop();
        };
        int port = start(cfg -> cfg.generator(waitsForCancel).tokenTimeout(Duration.ofMinutes(1)));
        try (WsClient client = WsClient.hello(port, null)) {
            for (int i = 0; i < 40; i++) {
                client.prompt("p" + i, "x", null);
                client.send("{\"type\":\"cancel\"}");
                assertEquals("cancelled", client.awaitDone("p" + i).get("reason").getAsString());
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> threads.stream().noneMatch(Thread::isAlive));
        }
    }

    @Test
    void cancelOfAPublisherGeneratorRunsItsCancelHookAndCancelsTheSubscription() {
        AtomicBoolean hookRan = new AtomicBoolean();
        AtomicBoolean subscriptionCancelled = new AtomicBoolean();
        AtomicReference<Thread> feeder = new AtomicReference<>();
        AsyncGenerator model = AsyncGenerator.fromPublisher(prompt -> {
            prompt.onCancel(() -> hookRan.set(true));
            return ticking(subscriptionCancelled, feeder);
        });
        try (WsClient client = WsClient.hello(start(cfg -> cfg.generator(model)), null)) {
            client.prompt("p1", "go", null);
            client.await(f -> client.frames("token").size() >= 3);
            client.send("{\"type\":\"cancel\"}");
            JsonObject done = client.awaitDone("p1");

            assertEquals("cancelled", done.get("reason").getAsString());
            await().atMost(Duration.ofSeconds(10)).until(() -> !feeder.get().isAlive());
            assertTrue(hookRan.get(), "Prompt.onCancel hook ran");
            assertTrue(subscriptionCancelled.get(), "the publisher's subscription was cancelled");
            client.roundTrip();
            assertEquals(done, Replies.events(client.frames()).getLast(), "no token after done");
            Replies.assertWhole(client.frames(), done);
        }
    }

    /** A publisher that emits a token every 10 ms on its own thread until its subscription is cancelled. */
    private static Flow.Publisher<String> ticking(AtomicBoolean cancelledFlag, AtomicReference<Thread> feeder) {
        return subscriber -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    // unbounded demand is all the bridge asks for
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                    cancelledFlag.set(true);
                }
            });
            feeder.set(Thread.ofVirtual().start(() -> {
                for (int i = 0; !cancelled.get(); i++) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (!cancelled.get()) {
                        subscriber.onNext("a" + i + " ");
                    }
                }
            }));
        };
    }

    @Test
    void cancelOfAQueuedPromptEndsItCancelledAndTheNextOneRuns() {
        try (WsClient client = WsClient.hello(start(cfg -> { }), null)) {
            client.prompt("p1", "a b c d e f g h i j k l m n o p q r s t u v w x y z", "{\"delayMs\":35}");
            client.awaitType("start");
            client.prompt("p2", "never runs", null);
            client.prompt("p3", "runs after p1", null);
            String gen2 = client.await(f -> "queued".equals(f.get("type").getAsString())
                    && "p2".equals(f.get("id").getAsString())).get("gen").getAsString();
            client.send("{\"type\":\"cancel\",\"gen\":\"" + gen2 + "\"}");

            JsonObject done2 = client.awaitDone("p2");
            JsonObject done3 = client.awaitDone("p3");
            JsonObject done1 = client.awaitDone("p1");
            assertEquals("cancelled", done2.get("reason").getAsString());
            assertEquals("", done2.get("text").getAsString());
            assertEquals(0, done2.get("tokens").getAsInt());
            assertEquals(List.of("queued", "start", "done"), Replies.ofGen(client.frames(), gen2).stream()
                    .map(f -> f.get("type").getAsString()).toList(), "a queued prompt that is cancelled starts, then ends");
            assertTrue(done2.get("seq").getAsLong() < done1.get("seq").getAsLong(), "cancelled at once, not in turn");
            assertEquals("stop", done1.get("reason").getAsString());
            assertEquals("a b c d e f g h i j k l m n o p q r s t u v w x y z", done1.get("text").getAsString(),
                    "p1 was not disturbed");
            assertEquals("stop", done3.get("reason").getAsString());
            assertEquals("runs after p1", done3.get("text").getAsString());
            String gen3 = done3.get("gen").getAsString();
            JsonObject movedUp = Replies.ofGen(client.frames(), gen3).get(1);
            assertEquals("queued", movedUp.get("type").getAsString());
            assertEquals(1, movedUp.get("position").getAsInt(), "p3 moved up when p2 left the queue");
            Replies.assertSeqStrictlyIncreasing(client.frames());
        }
    }

    @Test
    void noFirstTokenWithinTheTokenTimeoutEndsTheReplyWithTimeout() {
        ManualClock clock = new ManualClock();
        try (WsClient client = WsClient.hello(start(cfg -> cfg.ticker(clock).tokenTimeout(Duration.ofSeconds(30))),
                null)) {
            client.prompt("p1", "too late", "{\"firstTokenDelayMs\":20000}");
            client.awaitType("start");
            clock.advance(Duration.ofSeconds(31));
            JsonObject done = client.awaitDone("p1", Duration.ofSeconds(10));
            assertEquals("timeout", done.get("reason").getAsString());
            assertEquals(0, done.get("tokens").getAsInt());
            assertTrue(done.has("error"), "done says why: " + done);
        }
    }

    @Test
    void tokensThatKeepComingAreNotCutByTheTokenTimeout() {
        try (WsClient client = WsClient.hello(start(cfg -> cfg.tokenTimeout(Duration.ofMillis(500))), null)) {
            client.prompt("p1", "1 2 3 4 5 6 7 8 9 10 11 12", "{\"delayMs\":60}"); // 720 ms in all
            JsonObject done = client.awaitDone("p1", Duration.ofSeconds(10));
            assertEquals("stop", done.get("reason").getAsString(), "the timeout is between tokens, not in total");
        }
    }

    @Test
    void aReplyLongerThanTheGenerationTimeoutEndsWithTimeoutAndKeepsWhatItSaid() {
        ManualClock clock = new ManualClock();
        try (WsClient client = WsClient.hello(start(cfg -> cfg.ticker(clock)
                .generationTimeout(Duration.ofMinutes(5))), null)) {
            client.prompt("p1", "w ".repeat(100).trim(), "{\"delayMs\":20}");
            client.awaitType("token");
            clock.advance(Duration.ofMinutes(6));
            JsonObject done = client.awaitDone("p1", Duration.ofSeconds(10));
            assertEquals("timeout", done.get("reason").getAsString());
            assertTrue(done.has("error"), "done says why: " + done);
            int tokens = done.get("tokens").getAsInt();
            assertTrue(tokens > 0 && tokens < 100, "cut mid-reply after " + tokens + " tokens");
            client.roundTrip();
            Replies.assertWhole(client.frames(), done);
        }
    }

    @Test
    void aFailingGeneratorEndsWithErrorAndTheSessionStaysUsable() {
        try (WsClient client = WsClient.hello(start(cfg -> { }), null)) {
            client.prompt("p1", "one two three four", "{\"failAfter\":2}");
            JsonObject failed = client.awaitDone("p1");
            assertEquals("error", failed.get("reason").getAsString());
            assertFalse(failed.get("error").getAsString().isBlank(), "done carries the error message");
            assertEquals("one two ", failed.get("text").getAsString());
            Replies.assertWhole(client.frames(), failed);

            client.prompt("p2", "still here", null);
            JsonObject done = client.awaitDone("p2");
            assertEquals("stop", done.get("reason").getAsString());
            assertEquals("still here", done.get("text").getAsString());
        }
    }

    @Test
    void aBlockingGeneratorThatThrowsEndsWithItsMessageAndTheNextPromptWorks() {
        BlockingGenerator model = (prompt, sink) -> {
            sink.token("partial ");
            if (prompt.text().equals("crash")) {
                throw new IllegalStateException("model crashed");
            }
            sink.token(prompt.text());
            return Outcome.stop();
        };
        try (WsClient client = WsClient.hello(start(cfg -> cfg.generator(model)), null)) {
            client.prompt("p1", "crash", null);
            JsonObject failed = client.awaitDone("p1");
            assertEquals("error", failed.get("reason").getAsString());
            assertEquals("model crashed", failed.get("error").getAsString());
            assertEquals("partial ", failed.get("text").getAsString());

            client.prompt("p2", "fine", null);
            JsonObject done = client.awaitDone("p2");
            assertEquals("stop", done.get("reason").getAsString());
            assertEquals("partial fine", done.get("text").getAsString());
        }
    }

    /**
     * A generator steered by its params: it says the state it was given ({@link Prompt#state()}) as its
     * one token, then per {@code mode} returns, waits for cancel or timeout, or throws; and finally
     * returns {@code update} as its state update, even when its reply has already ended.
     */
    private static final BlockingGenerator STATEFUL = (prompt, sink) -> {
        JsonObject params = prompt.params();
        sink.token(prompt.state().toString());
        switch (params.get("mode").getAsString()) {
            case "hang" -> {
                while (!prompt.isCancelled()) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
            }
            case "fail" -> throw new IllegalStateException("failed on purpose");
            default -> { }
        }
        return params.has("update") ? Outcome.withState(params.getAsJsonObject("update")) : Outcome.stop();
    };

    @Test
    void aStateUpdateIsCommittedOnlyWhenTheReplyEndsWithStop() {
        int port = start(cfg -> cfg.generator(STATEFUL).tokenTimeout(Duration.ofMillis(500)));
        try (WsClient client = WsClient.hello(port, null)) {
            JsonObject first = run(client, "p1", "{\"mode\":\"stop\",\"update\":{\"a\":1}}");
            assertEquals("stop", first.get("reason").getAsString());
            assertEquals(JsonParser.parseString("{}"), JsonParser.parseString(first.get("text").getAsString()));
            assertEquals(JsonParser.parseString("{\"a\":1}"), first.get("state"));

            client.prompt("p2", "x", "{\"mode\":\"hang\",\"update\":{\"cancelled\":true}}");
            String gen2 = client.await(f -> "start".equals(f.get("type").getAsString())
                    && "p2".equals(f.get("id").getAsString())).get("gen").getAsString();
            client.await(f -> "token".equals(f.get("type").getAsString()) && gen2.equals(f.get("gen").getAsString()));
            client.send("{\"type\":\"cancel\"}");
            assertNotCommitted(client.awaitDone("p2"), "cancelled");

            assertNotCommitted(run(client, "p3", "{\"mode\":\"hang\",\"update\":{\"timedOut\":true}}"), "timeout");
            assertNotCommitted(run(client, "p4", "{\"mode\":\"fail\",\"update\":{\"failed\":true}}"), "error");

            JsonObject merged = run(client, "p5", "{\"mode\":\"stop\",\"update\":{\"b\":2}}");
            assertEquals(JsonParser.parseString("{\"a\":1}"), JsonParser.parseString(merged.get("text").getAsString()),
                    "the next generation is given only the committed state");
            assertEquals(JsonParser.parseString("{\"a\":1,\"b\":2}"), merged.get("state"), "the update is merged");

            JsonObject removed = run(client, "p6", "{\"mode\":\"stop\",\"update\":{\"a\":null}}");
            assertEquals(JsonParser.parseString("{\"b\":2}"), removed.get("state"), "a JSON null removes the key");

            JsonObject none = run(client, "p7", "{\"mode\":\"stop\"}");
            assertFalse(none.has("state"), "no state without an update: " + none);
            assertEquals(JsonParser.parseString("{\"b\":2}"), JsonParser.parseString(none.get("text").getAsString()));
        }
    }

    private static JsonObject run(WsClient client, String id, String params) {
        client.prompt(id, "x", params);
        return client.awaitDone(id);
    }

    private static void assertNotCommitted(JsonObject done, String reason) {
        assertEquals(reason, done.get("reason").getAsString(), done.toString());
        assertFalse(done.has("state"), "no state committed with reason " + reason + ": " + done);
    }
}
