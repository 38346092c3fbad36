package dev.switchboard.examples;

import dev.switchboard.Switchboard;
import dev.switchboard.generation.AsyncGenerator;
import dev.switchboard.generation.Prompt;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;

/**
 * An asynchronous model: it returns a {@link Flow.Publisher} of tokens, adapted with
 * {@link AsyncGenerator#fromPublisher}. When the reply is cancelled, the subscription is cancelled,
 * which the publisher sees as {@link SubmissionPublisher#isClosed()} or no subscribers.
 */
public final class PublisherModelExample {

    private PublisherModelExample() {
    }

    /**
     * Publishes the prompt's words upper-cased, from a thread of its own. The thread starts only once
     * the subscriber is attached: a {@link SubmissionPublisher} drops items submitted before that.
     */
    static Flow.Publisher<String> shout(Prompt prompt) {
        return subscriber -> {
            SubmissionPublisher<String> publisher = new SubmissionPublisher<>();
            publisher.subscribe(subscriber);
            Thread.ofVirtual().start(() -> {
                try (publisher) {
                    for (String word : prompt.text().split(" ")) {
                        if (prompt.isCancelled()) {
                            return;
                        }
                        publisher.submit(word.toUpperCase() + " ");
                    }
                }
            });
        };
    }

    /** The generator to configure: {@code cfg.generator(PublisherModelExample.generator())}. */
    public static AsyncGenerator generator() {
        return AsyncGenerator.fromPublisher(PublisherModelExample::shout);
    }

    public static void main(String[] args) {
        Switchboard.create(cfg -> cfg.port(8080).generator(generator())).start();
    }
}
