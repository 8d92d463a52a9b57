package dev.vigil.suspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.vigil.evidence.ClassCount;
import dev.vigil.evidence.HistogramSnapshot;
import dev.vigil.evidence.ThreadOrigin;

/**
 * Ranks what grew between two pictures of the server: a pure function of the baseline, the picture now and who owns
 * each class, which the tests feed synthetic histograms and censuses.
 * <p>
 * The order: each thread origin that grew (a deployment's before the server's, then by growth), each followed by the
 * deployment and application classes whose instance growth tracks it ("grows with suspect 1"); then the other
 * deployment classes, then application classes of no known deployment, by bytes grown; JDK and server classes
 * ({@code byte[]}, {@code HashMap$Node}) are named only as what grew alongside, unless nothing else grew: then the
 * biggest of them is the last suspect (from a histogram of live objects only), and only a dump can say who holds it.
 */
public final class LeakSuspects {

    /** JDK and server classes named alongside one suspect. */
    static final int ALONGSIDE = 2;
    /** Most thread suspects that may each be followed by classes growing with it. */
    private static final int MAX_PER_RANK = 16;

    private LeakSuspects() {
    }

    /**
     * @param owners whose each class is; asked only of classes that grew
     * @param top    how many suspects at most
     */
    public static List<Suspect> rank(Picture baseline, Picture now, Function<String, ClassOwner> owners, Thresholds thresholds, int top) {
        List<Suspect> threads = threadSuspects(baseline, now, thresholds);
        List<Grown> grown = grownClasses(baseline.histogram(), now.histogram(), owners, thresholds);
        List<Grown> platform = new ArrayList<>();
        List<Grown> jdk = new ArrayList<>();
        List<Grown> application = new ArrayList<>();
        for (Grown g : grown) {
            (g.owner.kind().platform() ? platform : application).add(g);
            if (g.owner.kind() == ClassOwner.Kind.JDK) {
                jdk.add(g);
            }
        }
        platform.sort(BY_BYTES);
        jdk.sort(BY_BYTES);
        Set<String> threadEntries = new HashSet<>();
        threads.forEach(thread -> threadEntries.add(thread.name()));

        List<Suspect> ranked = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (Suspect thread : threads) {
            int rank = ranked.size() + 1;
            ranked.add(thread.ranked(rank, 0));
            List<Grown> tracking = new ArrayList<>();
            for (Grown g : application) {
                // the class the threads run is suspect 1's own name already
                if (!placed.contains(g.name) && !threadEntries.contains(g.name) && g.instancesGrowth() >= thresholds.correlated() && tracks(g.instancesGrowth(), thread.growth())
                        && sameDeployment(g.owner, thread.deployment())) {
                    tracking.add(g);
                }
            }
            tracking.sort(BY_INSTANCES);
            for (Grown g : tracking.subList(0, Math.min(MAX_PER_RANK, tracking.size()))) {
                placed.add(g.name);
                String deployment = g.owner.deployment() != null ? g.owner.deployment() : thread.deployment();
                ranked.add(g.suspect(ranked.size() + 1, deployment, rank, alongside(g, jdk, false)));
            }
        }
        List<Grown> rest = new ArrayList<>();
        for (Grown g : application) {
            if (!placed.contains(g.name) && !threadEntries.contains(g.name)
                    && (g.instancesGrowth() >= thresholds.instances() || g.bytesGrowth() >= thresholds.bytes())) {
                rest.add(g);
            }
        }
        rest.sort(Comparator.comparing((Grown g) -> g.owner.kind()).thenComparing(BY_BYTES));
        boolean first = true;
        for (Grown g : rest) {
            ranked.add(g.suspect(ranked.size() + 1, g.owner.deployment(), 0, alongside(g, jdk, first)));
            first = false;
        }
        // only from a histogram of live objects: in one of all objects, garbage would make the JDK's classes grow
        if (ranked.isEmpty() && !platform.isEmpty() && now.histogram().live() && platform.get(0).bytesGrowth() >= thresholds.bytes()) {
            Grown biggest = platform.get(0);
            List<Grown> others = platform.subList(1, platform.size());
            ranked.add(biggest.suspect(1, null, 0, alongside(biggest, others, true)));
        }
        return List.copyOf(ranked.subList(0, Math.min(top, ranked.size())));
    }

    /**
     * Whether a class's instance growth tracks a thread origin's: about a whole number (1 to 16) of instances per new
     * thread, within a tenth of one.
     */
    static boolean tracks(long instancesGrowth, long threadsGrowth) {
        return tracks(instancesGrowth, threadsGrowth, 16);
    }

    /** About a whole number, 1 to {@code most}, of instances per instance of the other, within a tenth of one. */
    static boolean tracks(long instancesGrowth, long otherGrowth, int most) {
        if (instancesGrowth <= 0 || otherGrowth <= 0) {
            return false;
        }
        double perOne = (double) instancesGrowth / otherGrowth;
        long whole = Math.round(perOne);
        return whole >= 1 && whole <= most && Math.abs(perOne - whole) <= 0.1;
    }

    /** JDK instances per suspect instance that still look like its own (its array, its map node, ...). */
    private static final int ALONGSIDE_PER_INSTANCE = 8;

    /**
     * Whether a JDK class grew like a suspect's own containers: one to {@value #ALONGSIDE_PER_INSTANCE} instances per
     * new suspect instance, a tenth less or more (the whole heap's arrays come and go around them).
     */
    static boolean accompanies(long instancesGrowth, long suspectGrowth) {
        return suspectGrowth > 0 && instancesGrowth >= 0.9 * suspectGrowth && instancesGrowth <= (ALONGSIDE_PER_INSTANCE + 0.1) * suspectGrowth;
    }

    private static boolean sameDeployment(ClassOwner owner, String deployment) {
        return owner.deployment() == null || owner.deployment().equals(deployment);
    }

    /**
     * Thread origins that grew, counted by entry and deployment: a new thread's creator stays unknown for a moment (its
     * JFR start event is on its way), so the threads of one JSP would otherwise split between its creator and
     * {@code unknown}. The creator shown is the known one with most threads.
     */
    private static List<Suspect> threadSuspects(Picture baseline, Picture now, Thresholds thresholds) {
        List<Suspect> threads = new ArrayList<>();
        if (now.census() == null) {
            return threads;
        }
        Map<List<String>, Integer> before = byEntry(baseline.census() != null ? baseline.census().threads() : Map.of());
        Map<List<String>, Integer> after = byEntry(now.census().threads());
        for (Map.Entry<List<String>, Integer> entry : after.entrySet()) {
            int was = before.getOrDefault(entry.getKey(), 0);
            if (entry.getValue() - was >= thresholds.threads()) {
                String name = entry.getKey().get(0);
                String deployment = entry.getKey().get(1);
                threads.add(new Suspect(0, Suspect.THREADS, name, creator(now.census().threads(), name, deployment), deployment, entry.getValue(), was,
                        -1, -1, 0, List.of()));
            }
        }
        threads.sort(Comparator.comparing((Suspect s) -> !s.deployment().startsWith("deployment."))
                .thenComparing(Comparator.comparingLong(Suspect::growth).reversed())
                .thenComparing(Suspect::name));
        return threads;
    }

    private static Map<List<String>, Integer> byEntry(Map<ThreadOrigin, Integer> threads) {
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        threads.forEach((origin, count) -> counts.merge(List.of(origin.entry(), origin.deployment()), count, Integer::sum));
        return counts;
    }

    private static String creator(Map<ThreadOrigin, Integer> threads, String entry, String deployment) {
        String creator = ThreadOrigin.UNKNOWN;
        int most = 0;
        for (Map.Entry<ThreadOrigin, Integer> e : threads.entrySet()) {
            ThreadOrigin origin = e.getKey();
            if (origin.entry().equals(entry) && origin.deployment().equals(deployment) && !origin.creator().equals(ThreadOrigin.UNKNOWN)
                    && e.getValue() > most) {
                creator = origin.creator();
                most = e.getValue();
            }
        }
        return creator;
    }

    /** A class that grew since the baseline, with its owner. */
    private record Grown(String name, ClassOwner owner, ClassCount now, ClassCount before) {
        long instancesGrowth() {
            return now.instances() - before.instances();
        }

        long bytesGrowth() {
            return now.bytes() - before.bytes();
        }

        Suspect suspect(int rank, String deployment, int growsWith, List<Suspect.Alongside> alongside) {
            return new Suspect(rank, Suspect.CLASS, name, null, deployment, now.instances(), before.instances(), now.bytes(), before.bytes(),
                    growsWith, alongside);
        }
    }

    private static final Comparator<Grown> BY_BYTES = Comparator.comparingLong(Grown::bytesGrowth).reversed()
            .thenComparing(Comparator.comparingLong(Grown::instancesGrowth).reversed()).thenComparing(Grown::name);
    private static final Comparator<Grown> BY_INSTANCES = Comparator.comparingLong(Grown::instancesGrowth).reversed()
            .thenComparing(Grown::name);

    private static List<Grown> grownClasses(HistogramSnapshot baseline, HistogramSnapshot now, Function<String, ClassOwner> owners,
            Thresholds thresholds) {
        List<Grown> grown = new ArrayList<>();
        if (now == null) {
            return grown;
        }
        Map<String, ClassOwner> known = new LinkedHashMap<>();
        for (ClassCount count : now.classes().values()) {
            ClassCount before = baseline != null ? baseline.of(count.className()) : new ClassCount(count.className(), 0, 0);
            // too little growth to be a suspect or to be named beside one: its owner is not even asked
            if (count.instances() - before.instances() >= thresholds.correlated() || count.bytes() - before.bytes() >= thresholds.bytes()) {
                ClassOwner owner = known.computeIfAbsent(count.className(), owners);
                grown.add(new Grown(count.className(), owner, count, before));
            }
        }
        return grown;
    }

    /**
     * The JDK classes named beside a class suspect: those that grew by one to eight instances per new instance of it
     * (its {@code byte[]}, its map node), most bytes first; for the first suspect with none, the ones that grew most in
     * bytes. The server's classes are machinery and never named.
     */
    private static List<Suspect.Alongside> alongside(Grown suspect, List<Grown> platform, boolean orBiggest) {
        List<Suspect.Alongside> alongside = new ArrayList<>();
        for (Grown g : platform) {
            if (alongside.size() < ALONGSIDE && accompanies(g.instancesGrowth(), suspect.instancesGrowth())) {
                alongside.add(new Suspect.Alongside(g.name, g.instancesGrowth(), g.bytesGrowth()));
            }
        }
        if (alongside.isEmpty() && orBiggest) {
            for (Grown g : platform.subList(0, Math.min(ALONGSIDE, platform.size()))) {
                if (g.bytesGrowth() > 0) {
                    alongside.add(new Suspect.Alongside(g.name, g.instancesGrowth(), g.bytesGrowth()));
                }
            }
        }
        return alongside;
    }
}
