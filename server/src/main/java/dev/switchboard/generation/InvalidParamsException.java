package dev.switchboard.generation;

/** A prompt's params are not acceptable; the message names the param and says why. */
public final class InvalidParamsException extends Exception {

    public InvalidParamsException(String message) {
        super(message, null, false, false);
    }
}
