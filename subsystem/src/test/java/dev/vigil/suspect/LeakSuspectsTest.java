package dev.vigil.suspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.vigil.evidence.CensusSnapshot;
import dev.vigil.evidence.ClassCount;
import dev.vigil.evidence.HistogramSnapshot;
import dev.vigil.evidence.ThreadOrigin;

class LeakSuspectsTest {

    private static final Instant BOOT = Instant.parse("2026-12-01T10:02:00Z");
    private static final Instant NOW = BOOT.plusSeconds(600);
    private static final String SHOP = "deployment.shop.war";
    private static final String JSP = "org.apache.jsp.bot_005fapi_jsp";
    private static final ThreadOrigin JSP_THREADS = new ThreadOrigin(JSP + "$1", JSP, SHOP);
    private static final ThreadOrigin POOL = new ThreadOrigin("unknown", "unknown", "server");
    private static final Function<String, String> NO_DEPLOYMENT_LOADS_IT = name -> null;

    @Test
    void threadsStartedByAJspAreSuspectOneAndTheirInnerClassGrowsWithThem() {
        Picture baseline = picture(BOOT, census(Map.of(POOL, 20)), histogram(row("byte[]", 40_000, 30_000_000), row("java.lang.String", 50_000, 1_200_000)));
        Picture now = picture(NOW, census(Map.of(POOL, 22, JSP_THREADS, 1_850)),
                histogram(row("byte[]", 54_800, 146_000_000), row("java.lang.String", 50_900, 1_220_000), row(JSP + "$Context", 1_850, 44_400),
                        row("java.lang.Thread", 2_100, 300_000)));

        List<Suspect> suspects = rank(baseline, now, NO_DEPLOYMENT_LOADS_IT);

        Suspect threads = suspects.get(0);
        assertEquals(List.of(1, Suspect.THREADS, JSP + "$1", JSP, SHOP, 1_850L, 0L),
                List.of(threads.rank(), threads.kind(), threads.name(), threads.creator(), threads.deployment(), threads.now(), threads.baseline()));
        Suspect context = suspects.get(1);
        assertEquals(List.of(2, Suspect.CLASS, JSP + "$Context", SHOP, 1_850L, 1),
                List.of(context.rank(), context.kind(), context.name(), context.deployment(), context.growth(), context.growsWith()));
        assertEquals("byte[]", context.alongside().get(0).className());
        assertEquals(14_800L, context.alongside().get(0).instancesGrowth());
    }

    @Test
    void aDeploymentClassFilledIntoAStaticMapIsSuspectOneWithTheMapsNodesAlongside() {
        Picture baseline = picture(BOOT, census(Map.of(POOL, 20)), histogram(row("java.util.HashMap$Node", 10_000, 320_000), row("byte[]", 40_000, 30_000_000)));
        Picture now = picture(NOW, census(Map.of(POOL, 20)), histogram(row("java.util.HashMap$Node", 210_000, 6_720_000),
                row("byte[]", 240_000, 135_000_000), row("com.example.cache.Session", 200_000, 6_400_000)));

        List<Suspect> suspects = rank(baseline, now, name -> name.startsWith("com.example.") ? "deployment.cache.war" : null);

        assertEquals(1, suspects.size(), suspects.toString());
        Suspect session = suspects.get(0);
        assertEquals(List.of("com.example.cache.Session", "deployment.cache.war", 200_000L, 6_400_000L, 0),
                List.of(session.name(), session.deployment(), session.growth(), session.bytesGrowth(), session.growsWith()));
        assertEquals(List.of("byte[]", "java.util.HashMap$Node"), session.alongside().stream().map(Suspect.Alongside::className).toList());
    }

    @Test
    void aLoadThatLeaksNothingHasNoSuspect() {
        Picture baseline = picture(BOOT, census(Map.of(POOL, 20)), histogram(row("byte[]", 40_000, 30_000_000), row("com.example.Order", 300, 9_600)));
        Picture now = picture(NOW, census(Map.of(POOL, 60, new ThreadOrigin("com.example.Poller", "com.example.Boot", SHOP), 4)),
                histogram(row("byte[]", 41_000, 34_000_000), row("com.example.Order", 4_000, 128_000)));

        assertEquals(List.of(), rank(baseline, now, name -> SHOP));
    }

    @Test
    void deploymentClassesRankAboveClassesOfNoKnownDeployment() {
        Picture baseline = picture(BOOT, census(Map.of()), histogram());
        Picture now = picture(NOW, census(Map.of()), histogram(row("org.lib.Cache$Entry", 90_000, 50_000_000), row("com.example.Item", 10_000, 320_000)));

        List<Suspect> suspects = rank(baseline, now, name -> name.equals("com.example.Item") ? SHOP : null);

        assertEquals(List.of("com.example.Item", "org.lib.Cache$Entry"), suspects.stream().map(Suspect::name).toList());
        assertEquals(null, suspects.get(1).deployment());
    }

    @Test
    void aJdkClassIsASuspectOnlyWhenNothingOfTheApplicationGrew() {
        Picture baseline = picture(BOOT, census(Map.of()), histogram(row("byte[]", 1_000, 1_000_000)));
        Picture now = picture(NOW, census(Map.of()), histogram(row("byte[]", 7_000, 99_000_000), row("java.lang.Object[]", 500, 9_000_000)));

        List<Suspect> suspects = rank(baseline, now, NO_DEPLOYMENT_LOADS_IT);

        assertEquals(List.of("byte[]"), suspects.stream().map(Suspect::name).toList());
        assertEquals("java.lang.Object[]", suspects.get(0).alongside().get(0).className());
    }

    @Test
    void aDeploymentsThreadsRankAboveTheServersEvenWhenTheServersGrewMore() {
        ThreadOrigin poller = new ThreadOrigin("com.example.Poller", "com.example.Boot", SHOP);
        Picture baseline = picture(BOOT, census(Map.of(POOL, 10)), histogram());
        Picture now = picture(NOW, census(Map.of(POOL, 400, poller, 60)), histogram());

        List<Suspect> suspects = rank(baseline, now, NO_DEPLOYMENT_LOADS_IT);

        assertEquals(List.of("com.example.Poller", "unknown"), suspects.stream().map(Suspect::name).toList());
    }

    @Test
    void aClassOfAnotherDeploymentDoesNotGrowWithAThreadSuspect() {
        Picture baseline = picture(BOOT, census(Map.of()), histogram());
        Picture now = picture(NOW, census(Map.of(JSP_THREADS, 100)), histogram(row("com.other.Thing", 100, 1_600)));

        List<Suspect> suspects = rank(baseline, now, name -> name.startsWith("com.other.") ? "deployment.other.war" : null);

        assertEquals(List.of(JSP + "$1"), suspects.stream().map(Suspect::name).toList());
    }

    @Test
    void instancesTrackThreadsAtAWholeNumberPerThread() {
        assertTrue(LeakSuspects.tracks(1_850, 1_850));
        assertTrue(LeakSuspects.tracks(3_720, 1_850));
        assertFalse(LeakSuspects.tracks(2_775, 1_850)); // one and a half per thread
        assertFalse(LeakSuspects.tracks(100_000, 1_850)); // 54 per thread: a coincidence more than a tie
        assertFalse(LeakSuspects.tracks(0, 1_850));
    }

    @Test
    void onlyClassesOfOneToEightInstancesPerSuspectInstanceAreNamedAlongsideIt() {
        Picture baseline = picture(BOOT, census(Map.of()), histogram());
        Picture now = picture(NOW, census(Map.of(JSP_THREADS, 120)), histogram(row(JSP + "$Context", 120, 3_840), row("java.lang.Thread", 122, 44_000),
                row("java.lang.Class", 1_438, 180_000), row("java.util.Hashtable$Entry", 1_076, 34_000)));

        Suspect context = rank(baseline, now, NO_DEPLOYMENT_LOADS_IT).get(1);

        assertEquals(List.of("java.lang.Thread"), context.alongside().stream().map(Suspect.Alongside::className).toList());
    }

    @Test
    void theClassTheThreadsRunIsNotASuspectBesideThemAndServerClassesAreNeverNamed() {
        Picture baseline = picture(BOOT, census(Map.of()), histogram());
        Picture now = picture(NOW, census(Map.of(JSP_THREADS, 120)), histogram(row(JSP + "$1", 120, 1_920), row(JSP + "$Context", 120, 3_840),
                row("org.apache.jasper.deploy.TagAttributeInfo", 598, 32_000), row("java.lang.Thread", 124, 44_000)));

        List<Suspect> suspects = rank(baseline, now, NO_DEPLOYMENT_LOADS_IT);

        assertEquals(List.of(JSP + "$1", JSP + "$Context"), suspects.stream().map(Suspect::name).toList());
        assertEquals(List.of("java.lang.Thread"), suspects.get(1).alongside().stream().map(Suspect.Alongside::className).toList());
    }

    @Test
    void threadsOfOneEntryCountTogetherWhileSomeCreatorsAreNotKnownYet() {
        Picture baseline = picture(BOOT, census(Map.of()), histogram());
        Picture now = picture(NOW, census(Map.of(JSP_THREADS, 107, new ThreadOrigin(JSP + "$1", "unknown", SHOP), 13)), histogram(row(JSP + "$Context", 120, 3_840)));

        List<Suspect> suspects = rank(baseline, now, NO_DEPLOYMENT_LOADS_IT);

        assertEquals(List.of(120L, JSP), List.of(suspects.get(0).growth(), suspects.get(0).creator()));
        assertEquals(1, suspects.get(1).growsWith(), "the Context tracks all 120");
    }

    @Test
    void topCutsTheList() {
        Picture baseline = picture(BOOT, census(Map.of()), histogram());
        Picture now = picture(NOW, census(Map.of(JSP_THREADS, 100)), histogram(row(JSP + "$Context", 100, 1_600)));

        List<Suspect> suspects = LeakSuspects.rank(baseline, now, new ClassOwners(NO_DEPLOYMENT_LOADS_IT, now.census()), Thresholds.DEFAULT, 1);

        assertEquals(1, suspects.size());
    }

    @Test
    void aJspsInnerClassBelongsToTheDeploymentWhereTheCensusSawItsThreads() {
        ClassOwners owners = new ClassOwners(NO_DEPLOYMENT_LOADS_IT, census(Map.of(JSP_THREADS, 1)));

        assertEquals(ClassOwner.deployment(SHOP), owners.apply(JSP + "$Context"));
        assertEquals(ClassOwner.deployment(SHOP), owners.apply(JSP + "$Context[]"));
        assertEquals(ClassOwner.JDK, owners.apply("byte[][]"));
        assertEquals(ClassOwner.JDK, owners.apply("java.util.HashMap$Node"));
        assertEquals(ClassOwner.APPLICATION, owners.apply("org.lib.Cache"));
    }

    @Test
    void theReportSaysEachSuspectsNumbersDeploymentAndBaseline() {
        Picture baseline = picture(BOOT, census(Map.of()), histogram(row("byte[]", 40_000, 30_000_000)));
        Picture now = picture(NOW, census(Map.of(JSP_THREADS, 1_850)), histogram(row("byte[]", 54_800, 146_000_000), row(JSP + "$Context", 1_850, 44_400)));
        SuspectReport report = new SuspectReport("watermark 'heap' entering WARNING", "71.2 % after GC", NOW, BOOT, "NORMAL", 190_000_000, 60_000_000,
                rank(baseline, now, NO_DEPLOYMENT_LOADS_IT));

        String text = report.text(3);

        assertTrue(text.startsWith("Leak suspects for watermark 'heap' entering WARNING (71.2 % after GC), against the baseline of "), text);
        assertTrue(text.contains("  1. threads running " + JSP + "$1 (started by " + JSP + ", deployment shop.war):\n     1,850 live, +1,850 since "), text);
        assertTrue(text.contains("  2. " + JSP + "$Context (deployment shop.war): +1,850 instances"), text);
        assertTrue(text.contains("grows with suspect 1;\n     byte[] +14,800 ("), text);
        assertEquals(2, report.suspectsModel().asList().size());
        assertEquals(1, report.toModel().get("suspects").get(1).get("grows-with").asInt());
    }

    @Test
    void aReportWithoutSuspectsSaysSo() {
        SuspectReport report = new SuspectReport("leak-suspects", null, NOW, BOOT, "boot", -1, -1, List.of());

        assertTrue(report.text(3).contains("none: nothing grew above the thresholds since the baseline"), report.text(3));
    }

    private static List<Suspect> rank(Picture baseline, Picture now, Function<String, String> loadedBy) {
        return LeakSuspects.rank(baseline, now, new ClassOwners(loadedBy, now.census()), Thresholds.DEFAULT, 10);
    }

    private static Picture picture(Instant time, CensusSnapshot census, HistogramSnapshot histogram) {
        return new Picture(time, "NORMAL", new HistogramSnapshot(time, histogram.live(), histogram.classes(), histogram.totalBytes()),
                new CensusSnapshot(time, census.threads()), -1);
    }

    private static CensusSnapshot census(Map<ThreadOrigin, Integer> threads) {
        return new CensusSnapshot(BOOT, threads);
    }

    private static ClassCount row(String name, long instances, long bytes) {
        return new ClassCount(name, instances, bytes);
    }

    private static HistogramSnapshot histogram(ClassCount... rows) {
        Map<String, ClassCount> classes = new HashMap<>();
        long total = 0;
        for (ClassCount row : rows) {
            classes.put(row.className(), row);
            total += row.bytes();
        }
        return new HistogramSnapshot(BOOT, true, classes, total);
    }
}
