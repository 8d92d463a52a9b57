package dev.vigil.census;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.vigil.VigilLogger;

/** The three origins of a thread, each a way to group a census. */
public enum GroupBy {
    /** The first application frame that called {@code Thread.start()}. */
    CREATOR,
    /** The class whose code the thread runs. */
    ENTRY,
    /** The deployment that owns the thread (its context class loader), or {@code server}. */
    DEPLOYMENT;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(GroupBy::toString).collect(Collectors.toUnmodifiableList());
    }

    /** @throws IllegalArgumentException naming the value and what is allowed */
    public static GroupBy of(String value) {
        for (GroupBy group : values()) {
            if (group.toString().equals(value)) {
                return group;
            }
        }
        throw new IllegalArgumentException(VigilLogger.ROOT_LOGGER.invalidGroupBy(value, names()));
    }
}
