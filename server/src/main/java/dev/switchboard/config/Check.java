package dev.switchboard.config;

import java.time.Duration;

/** Range checks that name the setting, so a bad value is refused with a message a user can act on. */
final class Check {

    private Check() {
    }

    static int between(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    static long between(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    static int positive(String setting, int value) {
        return between(setting, value, 1, Integer.MAX_VALUE);
    }

    static Duration positive(String setting, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be a positive duration, got " + value);
        }
        return value;
    }

    static Duration notNegative(String setting, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(setting + " must not be negative, got " + value);
        }
        return value;
    }
}
