package dev.vigil.census;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.analyzer.MachineryPackages;

/**
 * The thread-census configuration.
 *
 * @param interval        time between two censuses
 * @param originWarning   live threads of one origin above which it is reported, once
 * @param creatorTracking whether thread starts are recorded (JFR jdk.ThreadStart with stacks) to name creators
 * @param ignorePackages  packages added to {@link #DEFAULT_IGNORED}: frames there are machinery, not an origin
 * @throws IllegalArgumentException if an ignored package is not a package name ({@link CensusLimits#ignoredPackage})
 */
public record CensusSettings(Duration interval, int originWarning, boolean creatorTracking, List<String> ignorePackages) {

    public static final long DEFAULT_INTERVAL_SECONDS = 10;
    public static final int DEFAULT_ORIGIN_WARNING = 500;

    /** The JDK's and the server's own thread machinery: a thread's origin is the first frame outside them. */
    public static final List<String> DEFAULT_IGNORED = MachineryPackages.DEFAULT; // the dump report names origins by the same list

    public CensusSettings {
        ignorePackages = List.copyOf(ignorePackages);
        ignorePackages.forEach(CensusLimits::ignoredPackage);
    }

    /** Every ignored package: the defaults, then the configured ones. */
    public List<String> ignored() {
        List<String> all = new ArrayList<>(DEFAULT_IGNORED);
        all.addAll(ignorePackages);
        return all;
    }
}
