package dev.vigil.census;

import java.util.regex.Pattern;

import dev.vigil.VigilLogger;

/**
 * What the census accepts from a user, in one place for jboss-cli, standalone.xml and JMX: each check returns the
 * value, or refuses it with an IllegalArgumentException (a JDK type, so remote JMX clients need no Vigil class) whose
 * message names the field, the value and what is allowed.
 */
public final class CensusLimits {

    /** The most origins one census lists: a reply of 10,000 rows (each with samples) is already about a megabyte. */
    public static final int MAX_TOP = 10_000;

    /** Java identifiers separated by dots, optionally ending in one: {@code com.example} or {@code com.example.}. */
    private static final Pattern PACKAGE = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*\\.?");

    /** How many origins a census lists: 0 means all, else 1 to {@link #MAX_TOP}. */
    public static int top(int top) {
        if (top < 0 || top > MAX_TOP) {
            throw new IllegalArgumentException(VigilLogger.ROOT_LOGGER.invalidTop(String.valueOf(top), MAX_TOP));
        }
        return top;
    }

    /** {@link #top(int)} of a value as typed: anything but a whole number in range is refused alike. */
    public static int top(String top) {
        try {
            return top(Integer.parseInt(top.trim()));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(VigilLogger.ROOT_LOGGER.invalidTop(String.valueOf(top), MAX_TOP));
        }
    }

    /**
     * One entry of ignore-packages: a package name, whose subpackages are ignored too. A wildcard, a space or an empty
     * entry would silently match nothing (or, as a bare prefix, every class), so it is refused rather than kept.
     */
    public static String ignoredPackage(String name) {
        if (name == null || !PACKAGE.matcher(name).matches()) {
            throw new IllegalArgumentException(VigilLogger.ROOT_LOGGER.invalidIgnoredPackage(String.valueOf(name)));
        }
        return name;
    }

    private CensusLimits() {
    }
}
