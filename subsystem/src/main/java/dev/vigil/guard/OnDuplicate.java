package dev.vigil.guard;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a server does when it finds another one on its directories or ports at boot. */
public enum OnDuplicate {
    /** Stop before listening or serving, exit code 1. */
    FAIL,
    /** Run on, loudly: an error logged, duplicate-detected, a notification. */
    WARN;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OnDuplicate of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(OnDuplicate::toString).toList();
    }
}
