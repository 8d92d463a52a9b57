package dev.vigil.census;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** How a thread's entry, creator and deployment are named from its frames, its class and its context class loader. */
class OriginResolverTest {

    /** The JDK and a server's machinery; this test's own package is not ignored, so its classes can be origins. */
    private final OriginResolver resolver = new OriginResolver(List.of("java.", "org.jboss."));

    /** A stack from its top (the running method) down to its bottom (where the thread began), as the JVM lists it. */
    private static StackTraceElement[] stack(String... classNamesTopFirst) {
        StackTraceElement[] stack = new StackTraceElement[classNamesTopFirst.length];
        for (int i = 0; i < stack.length; i++) {
            stack[i] = new StackTraceElement(classNamesTopFirst[i], "run", null, -1);
        }
        return stack;
    }

    /** A pool thread waiting for work: every frame is machinery. */
    private static final StackTraceElement[] IDLE = stack("java.lang.Object", "org.jboss.threads.EnhancedQueueExecutor",
            "org.jboss.threads.EnhancedQueueExecutor$ThreadBody", "java.lang.Thread");

    /** A thread of its own class, outside the ignored packages. */
    static final class PollerThread extends Thread {
    }

    @Test
    void entryIsTheFirstFrameOutsideTheIgnoredPackagesFromTheBottom() {
        StackTraceElement[] stack = stack("java.lang.Object", "com.acme.OrderDao", "com.acme.OrderPoller",
                "org.jboss.threads.EnhancedQueueExecutor$ThreadBody", "java.lang.Thread");
        assertEquals("com.acme.OrderPoller", resolver.entry(Thread.class, stack));
    }

    @Test
    void aThreadSubclassIsTheEntryWhenEveryFrameIsIgnored() {
        assertEquals(PollerThread.class.getName(), resolver.entry(PollerThread.class, IDLE));
    }

    @Test
    void aFrameOutsideTheIgnoredPackagesWinsOverTheThreadSubclass() {
        StackTraceElement[] stack = stack("java.lang.Object", "com.acme.OrderPoller", "java.lang.Thread");
        assertEquals("com.acme.OrderPoller", resolver.entry(PollerThread.class, stack));
    }

    @Test
    void aPlainThreadWithOnlyIgnoredFramesHasAnUnknownEntry() {
        assertEquals(OriginResolver.UNKNOWN, resolver.entry(Thread.class, IDLE));
        assertEquals(OriginResolver.UNKNOWN, resolver.entry(Thread.class, new StackTraceElement[0]));
    }

    @Test
    void aThreadSubclassInAnIgnoredPackageIsNoEntry() {
        assertEquals(OriginResolver.UNKNOWN, resolver.entry(ForkJoinWorkerThread.class, IDLE));
    }

    @Test
    void aLambdasHiddenClassCountsAsTheClassThatWroteIt() {
        StackTraceElement[] stack = stack("java.lang.Object", "a.B$$Lambda$12/0x0000", "java.lang.Thread");
        assertEquals("a.B", resolver.entry(Thread.class, stack));
        assertEquals("a.B", resolver.creator(List.of("java.lang.Thread", "a.B$$Lambda$12/0x0000")));
    }

    @Test
    void creatorIsTheFirstFrameOutsideTheIgnoredPackagesFromTheTop() {
        List<String> startedFrom = List.of("java.lang.Thread", "org.jboss.threads.JBossThreadFactory", "com.acme.Scheduler",
                "com.acme.Main", "java.lang.Thread");
        assertEquals("com.acme.Scheduler", resolver.creator(startedFrom));
    }

    @Test
    void aCreatorWithOnlyIgnoredFramesIsUnknown() {
        assertEquals(OriginResolver.UNKNOWN, resolver.creator(List.of("java.lang.Thread", "org.jboss.threads.JBossThreadFactory")));
        assertEquals(OriginResolver.UNKNOWN, resolver.creator(List.of()));
    }

    @Test
    void anIgnoredPackageWithoutTrailingDotMatchesWholePackagesOnly() {
        OriginResolver acme = new OriginResolver(List.of("com.acme"));
        assertTrue(acme.ignored("com.acme.Poller"));
        assertTrue(acme.ignored("com.acme.internal.Poller"));
        assertFalse(acme.ignored("com.acmeother.Poller"));
        assertEquals("com.acmeother.Poller", acme.entry(Thread.class, stack("com.acmeother.Poller", "com.acme.Poller")));
        assertEquals("com.acmeother.Poller", acme.creator(List.of("com.acme.Poller", "com.acmeother.Poller")));
    }

    @Test
    void noContextClassLoaderBelongsToTheServer() {
        assertEquals(OriginResolver.SERVER, OriginResolver.deployment(null));
    }

    @Test
    void aLoaderNamedForADeploymentGivesThatDeployment() {
        ClassLoader shop = new ClassLoader("deployment.shop.war", null) { };
        assertEquals("deployment.shop.war", OriginResolver.deployment(shop));
    }

    @Test
    void aJBossModulesLoaderGivesTheDeploymentOfItsModule() {
        ClassLoader module = new ClassLoader(null) {
            @Override
            public String toString() {
                return "ModuleClassLoader for Module \"deployment.shop.war\" from Service Module Loader";
            }
        };
        assertEquals("deployment.shop.war", OriginResolver.deployment(module));
    }

    @Test
    void aPlainLoaderBelongsToTheServer() {
        assertEquals(OriginResolver.SERVER, OriginResolver.deployment(new ClassLoader(null) { }));
        assertEquals(OriginResolver.SERVER, OriginResolver.deployment(new ClassLoader("shop", null) { }));
        assertEquals(OriginResolver.SERVER, OriginResolver.deployment(OriginResolverTest.class.getClassLoader()));
    }

    @Test
    void everyPackageOfVigilIsIgnoredByDefaultSoItsOwnThreadsAreNeverAnOrigin() throws IOException, URISyntaxException {
        OriginResolver shipped = new OriginResolver(CensusSettings.DEFAULT_IGNORED);
        Path classes = Path.of(CensusSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("dev/vigil");
        List<String> packages;
        try (Stream<Path> dirs = Files.list(classes)) {
            packages = dirs.filter(Files::isDirectory).map(dir -> "dev.vigil." + dir.getFileName()).sorted().collect(Collectors.toList());
        }

        assertTrue(packages.size() >= 6, "Vigil's packages: " + packages);
        for (String vigil : packages) {
            assertTrue(shipped.ignored(vigil + ".AnyClass"), vigil + " is ignored by default");
        }
        assertFalse(shipped.ignored("dev.vigil.it.threads.SleepTask"), "an application's classes named dev.vigil.* are origins");
    }
}
