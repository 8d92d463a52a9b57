package dev.vigil.analyzer;

import java.util.Locale;

/** How the report spells classes, sizes and counts. */
final class Names {

    private static final String LAMBDA = "$$Lambda";

    private Names() {
    }

    /** A class name without its package, keeping nested parts and array brackets: {@code HashMap$Node[]}. */
    static String simple(String className) {
        int brackets = className.indexOf('[');
        String base = brackets < 0 ? className : className.substring(0, brackets);
        String dims = brackets < 0 ? "" : className.substring(brackets);
        int slash = base.indexOf('/'); // a hidden class's /0x... suffix may not be cut by a dot
        int dot = (slash < 0 ? base : base.substring(0, slash)).lastIndexOf('.');
        return base.substring(dot + 1) + dims;
    }

    /** A lambda's hidden class named as the class that wrote the lambda: {@code a.B$$Lambda$14/0x...} is {@code a.B}. */
    static String withoutLambda(String className) {
        int i = className.indexOf(LAMBDA);
        return i < 0 ? className : className.substring(0, i);
    }

    static boolean isMachinery(String className) {
        for (String prefix : MachineryPackages.DEFAULT) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Binary units, one decimal: {@code 512 bytes}, {@code 1.5 KiB}, {@code 180.2 MiB}. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Percent of {@code whole}, one decimal. */
    static double percent(long part, long whole) {
        return whole <= 0 ? 0 : Math.round(part * 1000.0 / whole) / 10.0;
    }

    static String percentText(double percent) {
        return String.format(Locale.ROOT, "%.1f %%", percent);
    }
}
