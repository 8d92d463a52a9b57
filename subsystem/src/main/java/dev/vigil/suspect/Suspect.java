package dev.vigil.suspect;

import java.util.List;

/**
 * One suspect: a thread origin whose threads grew, or a class whose instances or bytes grew, with its numbers now and
 * at the baseline. Bytes are -1 for threads (the histogram does not tell what a thread holds).
 *
 * @param kind       {@code threads} or {@code class}
 * @param name       the thread origin's entry, or the class
 * @param creator    who started the threads ({@code unknown} if not tracked); null for a class
 * @param deployment the deployment ({@code deployment.shop.war}), {@code server}, or null when not known
 * @param growsWith  the rank of the thread suspect whose growth this class's instances track, or 0
 * @param alongside  JDK and server classes that grew with it
 */
public record Suspect(int rank, String kind, String name, String creator, String deployment, long now, long baseline, long bytesNow,
        long bytesBaseline, int growsWith, List<Alongside> alongside) {

    public static final String THREADS = "threads";
    public static final String CLASS = "class";

    /** A JDK or server class that grew beside a suspect: {@code byte[] +14,800 (+116 MB)}. */
    public record Alongside(String className, long instancesGrowth, long bytesGrowth) {
    }

    public Suspect {
        alongside = List.copyOf(alongside);
    }

    public long growth() {
        return now - baseline;
    }

    public long bytesGrowth() {
        return bytesNow < 0 ? -1 : bytesNow - bytesBaseline;
    }

    Suspect ranked(int newRank, int newGrowsWith) {
        return new Suspect(newRank, kind, name, creator, deployment, now, baseline, bytesNow, bytesBaseline, newGrowsWith, alongside);
    }
}
