package dev.switchboard.loadtest;

import java.util.concurrent.CompletableFuture;

/**
 * The users of one session: the prompts any of them sent, and the session id once the first of them
 * has been welcomed (the others attach to it).
 */
final class SessionGroup {

    final PromptBook book = new PromptBook();
    final CompletableFuture<String> session = new CompletableFuture<>();
}
