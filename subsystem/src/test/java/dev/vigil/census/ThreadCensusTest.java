package dev.vigil.census;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

import com.example.framework.WorkerLauncher;
import com.example.shop.Checkout;
import com.example.shop.OrderService;
import com.example.shop.OrderTask;
import com.example.shop.StockTask;

/**
 * The census over the test JVM's real threads: what each thread counts under, how threads come and go, peaks, and
 * what the listener hears. The threads the tests start run application code of {@code com.example.shop}, since classes
 * of Vigil's own packages (this test's among them) are never an origin; the JVM's own threads count too, so the tests
 * look at their own origins.
 */
class ThreadCensusTest {

    private static final String ORDERS = OrderTask.class.getName();
    private static final String STOCK = StockTask.class.getName();
    private static final String SHOP_WAR = "deployment.shop.war";
    private static final String LAUNCHER = WorkerLauncher.class.getName();
    private static final String SERVICE = OrderService.class.getName();

    /** What the listener heard. */
    record Warning(GroupBy group, OriginCount origin, int limit) {
    }

    record Leak(String deployment, int threads, List<OriginCount> top) {
    }

    private final List<Warning> warnings = new CopyOnWriteArrayList<>();
    private final List<Leak> leaks = new CopyOnWriteArrayList<>();
    private final ThreadCensus.Listener listener = new ThreadCensus.Listener() {
        @Override
        public void originWarning(GroupBy group, OriginCount origin, int originWarning) {
            warnings.add(new Warning(group, origin, originWarning));
        }

        @Override
        public void undeployedLeak(String deployment, int threads, List<OriginCount> topOrigins) {
            leaks.add(new Leak(deployment, threads, topOrigins));
        }

        @Override
        public void creatorTrackingRestarted(Throwable cause) {
            throw new AssertionError("creator tracking's stream ended in a test that did not end it", cause);
        }

        @Override
        public void creatorTrackingLost(Throwable cause) {
            throw new AssertionError("JFR delivered no thread start in time", cause);
        }

        @Override
        public void creatorTrackingRecovered() {
            throw new AssertionError("creator tracking recovered, but was never restarted or lost");
        }
    };
    /** The deployment modules loaded now, as the census asks for them. */
    private final AtomicReference<Set<String>> deployed = new AtomicReference<>(Set.of());
    /** The context class loader of a thread of shop.war, as JBoss Modules names a deployment's. */
    private final ClassLoader shopWar = new ClassLoader(SHOP_WAR, null) { };
    private final ClassLoader server = ThreadCensusTest.class.getClassLoader();

    private final List<ThreadCensus> censuses = new ArrayList<>();
    private final List<Thread> started = new ArrayList<>();
    private final List<ExecutorService> pools = new ArrayList<>();

    /** Opens the held starts of {@link #holdingStartsOf}. */
    private final CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void stopEverything() throws InterruptedException {
        gate.countDown();
        censuses.forEach(ThreadCensus::close);
        pools.forEach(ExecutorService::shutdownNow);
        started.forEach(Thread::interrupt);
        for (ExecutorService pool : pools) {
            assertTrue(pool.awaitTermination(10, SECONDS), "pool ended");
        }
        for (Thread thread : started) {
            thread.join(SECONDS.toMillis(10));
            assertFalse(thread.isAlive(), thread.getName() + " ended");
        }
    }

    private static CensusSettings settings(int originWarning, boolean creatorTracking, String... ignorePackages) {
        return new CensusSettings(Duration.ofSeconds(10), originWarning, creatorTracking, List.of(ignorePackages));
    }

    private ThreadCensus census(int originWarning, boolean creatorTracking) {
        ThreadCensus census = new ThreadCensus(settings(originWarning, creatorTracking), listener, deployed::get);
        censuses.add(census);
        return census;
    }

    private ThreadCensus census() {
        return census(CensusSettings.DEFAULT_ORIGIN_WARNING, false);
    }

    /**
     * Starts {@code count} threads named {@code name-i} with the given context class loader, each running a task made
     * with a latch to count down once it runs and the release to wait for; returns once every one runs its task, so
     * that a census sees them inside it.
     */
    private List<Thread> start(String name, int count, BiFunction<CountDownLatch, CountDownLatch, Runnable> task,
            CountDownLatch release, ClassLoader contextLoader) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(count);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(task.apply(running, release), name + "-" + i);
            thread.setContextClassLoader(contextLoader);
            thread.setDaemon(true);
            started.add(thread);
            threads.add(thread);
            thread.start();
        }
        assertTrue(running.await(10, SECONDS), "every " + name + " thread runs its task");
        return threads;
    }

    private List<Thread> start(String name, int count, BiFunction<CountDownLatch, CountDownLatch, Runnable> task,
            CountDownLatch release) throws InterruptedException {
        return start(name, count, task, release, server);
    }

    /** Releases the threads and waits until they ended. */
    private static void stop(CountDownLatch release, List<Thread> threads) throws InterruptedException {
        release.countDown();
        for (Thread thread : threads) {
            thread.join(SECONDS.toMillis(10));
            assertFalse(thread.isAlive(), thread.getName() + " ended");
        }
    }

    private static OriginCount origin(ThreadCensus census, GroupBy group, String origin) {
        return census.census(group, 0).stream().filter(count -> count.origin().equals(origin)).findFirst()
                .orElseGet(() -> fail(group + " " + origin + " is not in the census: " + census.counts(group)));
    }

    private List<Warning> warningsFor(String origin) {
        return warnings.stream().filter(warning -> warning.origin().origin().equals(origin)).collect(Collectors.toList());
    }

    /** Takes censuses until the creator has the count: JFR hands a start event over about a second after the start. */
    private static void awaitCreator(ThreadCensus census, String creator, int count) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            census.take();
            return census.counts(GroupBy.CREATOR).getOrDefault(creator, 0) == count;
        });
    }

    private static void take(ThreadCensus census, int times) {
        for (int i = 0; i < times; i++) {
            census.take();
        }
    }

    // What a thread counts under

    @Test
    void threadsAreCountedUnderTheClassTheyRun() throws InterruptedException {
        ThreadCensus census = census();
        start("orders", 4, OrderTask::new, new CountDownLatch(1));
        census.take();
        assertEquals(4, census.counts(GroupBy.ENTRY).get(ORDERS));
    }

    @Test
    void moreNewThreadsThanOneBatchAreAllResolved() throws InterruptedException {
        ThreadCensus census = census();
        int count = ThreadCensus.RESOLVE_BATCH * 2 + 7;
        start("orders", count, OrderTask::new, new CountDownLatch(1));
        census.take();
        assertEquals(count, census.counts(GroupBy.ENTRY).get(ORDERS));
    }

    @Test
    void anAnonymousTaskIsCountedUnderItsOwnClass() throws InterruptedException {
        ThreadCensus census = census();
        start("checkout", 2, Checkout::task, new CountDownLatch(1));
        census.take();
        assertEquals(2, census.counts(GroupBy.ENTRY).get(Checkout.class.getName() + "$1"));
    }

    @Test
    void classesOfVigilsOwnPackagesAreNeverAnEntry() throws InterruptedException {
        ThreadCensus census = census();
        // An anonymous task of this test (dev.vigil.census.ThreadCensusTest$1) that parks on the latch itself.
        start("vigil", 2, (running, release) -> new Runnable() {
            @Override
            public void run() {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, new CountDownLatch(1));
        census.take();
        assertEquals(List.of(), census.counts(GroupBy.ENTRY).keySet().stream()
                .filter(entry -> entry.startsWith("dev.vigil.")).collect(Collectors.toList()));
        assertTrue(census.counts(GroupBy.ENTRY).get(OriginResolver.UNKNOWN) >= 2);
    }

    @Test
    void withoutCreatorTrackingEveryCreatorIsUnknown() throws InterruptedException {
        ThreadCensus census = census();
        start("orders", 3, OrderTask::new, new CountDownLatch(1));
        census.take();
        assertEquals(Map.of(OriginResolver.UNKNOWN, census.liveThreads()), census.counts(GroupBy.CREATOR));
        assertEquals("off", census.creatorTrackingState(), "creator-tracking-state");
    }

    @Test
    void aThreadCountsUnderTheDeploymentOfItsContextClassLoader() throws InterruptedException {
        ThreadCensus census = census();
        start("shop-orders", 3, OrderTask::new, new CountDownLatch(1), shopWar);
        start("server-orders", 2, OrderTask::new, new CountDownLatch(1), server);
        census.take();
        Map<String, Integer> deployments = census.counts(GroupBy.DEPLOYMENT);
        assertEquals(Set.of(SHOP_WAR, OriginResolver.SERVER), deployments.keySet());
        assertEquals(3, deployments.get(SHOP_WAR));
        assertEquals(5, census.counts(GroupBy.ENTRY).get(ORDERS));
    }

    // How threads come and go

    @Test
    void threadsThatEndedLeaveTheCensusAtTheNextTake() throws InterruptedException {
        ThreadCensus census = census();
        CountDownLatch releaseStock = new CountDownLatch(1);
        start("orders", 2, OrderTask::new, new CountDownLatch(1));
        List<Thread> stock = start("stock", 3, StockTask::new, releaseStock, shopWar);
        census.take();
        assertEquals(3, census.counts(GroupBy.ENTRY).get(STOCK));

        stop(releaseStock, stock);
        assertEquals(3, census.counts(GroupBy.ENTRY).get(STOCK), "counts change at a census only");
        census.take();
        assertNull(census.counts(GroupBy.ENTRY).get(STOCK));
        assertNull(census.counts(GroupBy.DEPLOYMENT).get(SHOP_WAR));
        assertEquals(2, census.counts(GroupBy.ENTRY).get(ORDERS));
    }

    @Test
    void aThreadKeepsTheEntryItWasFirstSeenWith() throws InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "shop-pool"));
        pools.add(pool);
        ThreadCensus census = census();
        CountDownLatch ordersRunning = new CountDownLatch(1);
        CountDownLatch releaseOrders = new CountDownLatch(1);
        pool.execute(new OrderTask(ordersRunning, releaseOrders));
        assertTrue(ordersRunning.await(10, SECONDS));
        census.take();
        assertEquals(List.of("shop-pool"), origin(census, GroupBy.ENTRY, ORDERS).samples());

        // The pool's thread moves on to another task: the census resolved it already and does not look again.
        releaseOrders.countDown();
        CountDownLatch stockRunning = new CountDownLatch(1);
        pool.execute(new StockTask(stockRunning, new CountDownLatch(1)));
        assertTrue(stockRunning.await(10, SECONDS));
        census.take();
        assertEquals(List.of("shop-pool"), origin(census, GroupBy.ENTRY, ORDERS).samples());
        assertNull(census.counts(GroupBy.ENTRY).get(STOCK));

        ThreadCensus newCensus = census();
        newCensus.take();
        assertEquals(List.of("shop-pool"), origin(newCensus, GroupBy.ENTRY, STOCK).samples(), "a new census sees the task it runs now");
    }

    // Peaks

    @Test
    void peakThreadsIsTheMostLiveThreadsAnyCensusCounted() throws InterruptedException {
        ThreadCensus census = census();
        census.take();
        int before = census.liveThreads();
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> orders = start("orders", 5, OrderTask::new, release);
        census.take();
        int during = census.liveThreads();
        assertEquals(5, census.counts(GroupBy.ENTRY).get(ORDERS));
        stop(release, orders);
        census.take();
        int after = census.liveThreads();

        assertEquals(during, census.peakThreads(), "live threads: " + before + ", " + during + " with the five, " + after);
    }

    @Test
    void anOriginKeepsItsPeakWhileItHasLiveThreads() throws InterruptedException {
        ThreadCensus census = census();
        CountDownLatch releaseSome = new CountDownLatch(1);
        start("orders", 2, OrderTask::new, new CountDownLatch(1));
        List<Thread> some = start("more-orders", 3, OrderTask::new, releaseSome);
        census.take();
        assertEquals(5, origin(census, GroupBy.ENTRY, ORDERS).peak());

        stop(releaseSome, some);
        census.take();
        OriginCount orders = origin(census, GroupBy.ENTRY, ORDERS);
        assertEquals(2, orders.count());
        assertEquals(5, orders.peak());
    }

    @Test
    void resetPeakSetsEveryPeakToTheCountNow() throws InterruptedException {
        ThreadCensus census = census();
        CountDownLatch releaseSome = new CountDownLatch(1);
        start("orders", 2, OrderTask::new, new CountDownLatch(1));
        List<Thread> some = start("more-orders", 3, OrderTask::new, releaseSome);
        census.take();
        stop(releaseSome, some);
        census.take();
        assertTrue(census.peakThreads() > census.liveThreads());

        census.resetPeak();
        assertEquals(census.liveThreads(), census.peakThreads());
        assertEquals(2, origin(census, GroupBy.ENTRY, ORDERS).peak());
        for (GroupBy group : GroupBy.values()) {
            census.census(group, 0).forEach(origin -> assertEquals(origin.count(), origin.peak(), group + " " + origin));
        }
    }

    // Origin warning

    @Test
    void anOriginAboveTheWarningIsReportedOnce() throws InterruptedException {
        ThreadCensus census = census(3, false);
        start("orders", 5, OrderTask::new, new CountDownLatch(1));
        take(census, 3);
        List<Warning> reported = warningsFor(ORDERS);
        assertEquals(1, reported.size(), reported.toString());
        Warning warning = reported.get(0);
        assertEquals(GroupBy.ENTRY, warning.group());
        assertEquals(5, warning.origin().count());
        assertEquals(3, warning.limit());
        assertEquals(3, warning.origin().samples().size());
        assertTrue(census.originsOverWarning().contains("entry:" + ORDERS), census.originsOverWarning().toString());
    }

    @Test
    void anOriginIsReportedAgainOnceItFellBackToTheWarningAndRoseAbove() throws InterruptedException {
        ThreadCensus census = census(3, false);
        CountDownLatch releaseTwo = new CountDownLatch(1);
        start("orders", 3, OrderTask::new, new CountDownLatch(1));
        List<Thread> two = start("more-orders", 2, OrderTask::new, releaseTwo);
        take(census, 2);
        assertEquals(1, warningsFor(ORDERS).size());

        stop(releaseTwo, two);
        take(census, 2);
        assertEquals(1, warningsFor(ORDERS).size(), "back to the warning: nothing new");
        assertFalse(census.originsOverWarning().contains("entry:" + ORDERS));

        start("again-orders", 1, OrderTask::new, new CountDownLatch(1));
        take(census, 2);
        List<Warning> reported = warningsFor(ORDERS);
        assertEquals(2, reported.size(), reported.toString());
        assertEquals(4, reported.get(1).origin().count());
    }

    @Test
    void unknownAndServerAreNeverReported() throws InterruptedException {
        ThreadCensus census = census(1, false);
        start("orders", 2, OrderTask::new, new CountDownLatch(1));
        take(census, 2);
        // The JVM's own threads (Reference Handler, Finalizer, ...) have no entry; none of the test's threads has a deployment.
        assertTrue(census.counts(GroupBy.ENTRY).get(OriginResolver.UNKNOWN) > 1);
        assertTrue(census.counts(GroupBy.CREATOR).get(OriginResolver.UNKNOWN) > 1);
        assertTrue(census.counts(GroupBy.DEPLOYMENT).get(OriginResolver.SERVER) > 1);
        assertEquals(List.of(), warningsFor(OriginResolver.UNKNOWN));
        assertEquals(List.of(), warningsFor(OriginResolver.SERVER));
        assertEquals(1, warningsFor(ORDERS).size(), "the warning is on");
    }

    // The numbers alerts read

    @Test
    void theTopOriginOfEachGroupLeavesOutUnknownAndServer() throws InterruptedException {
        ThreadCensus census = census(); // creator tracking off: every thread's creator is unknown
        int many = 40; // more threads than any origin of the test JVM has of its own
        start("orders", many, OrderTask::new, new CountDownLatch(1), shopWar);
        census.take();

        assertTrue(census.counts(GroupBy.CREATOR).get(OriginResolver.UNKNOWN) > many, "unknown gathers every thread");
        assertEquals(0, census.topOriginThreads(GroupBy.CREATOR), "unknown is not one origin");
        assertEquals(many, census.topOriginThreads(GroupBy.ENTRY));
        assertEquals(many, census.topOriginThreads(GroupBy.DEPLOYMENT), "shop.war, not server");
        assertEquals(many, census.largestOriginThreads());
    }

    @Test
    void originsOverWarningCountIsHowManyOriginsAreAboveItNow() throws InterruptedException {
        ThreadCensus census = census(3, false);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> orders = start("orders", 5, OrderTask::new, release);
        take(census, 2);
        List<String> over = census.originsOverWarning();
        assertTrue(over.contains("entry:" + ORDERS), over.toString());
        assertEquals(over.size(), census.originsOverWarningCount());

        stop(release, orders);
        take(census, 2);
        assertEquals(over.size() - 1, census.originsOverWarningCount(), "orders fell back: " + census.originsOverWarning());
    }

    @Test
    void undeployLeaksCountsEachUndeploymentThatLeftThreadsOnceAndLeakedThreadsAreThoseAliveNow() throws InterruptedException {
        ThreadCensus census = census();
        deployed.set(Set.of(SHOP_WAR));
        CountDownLatch releaseOne = new CountDownLatch(1);
        start("orders", 3, OrderTask::new, new CountDownLatch(1), shopWar);
        List<Thread> one = start("stock", 1, StockTask::new, releaseOne, shopWar);
        take(census, 2);
        assertEquals(0, census.undeployLeaks(), "deployed: no leak");
        assertEquals(0, census.undeployedLeakedThreads());

        deployed.set(Set.of());
        take(census, 3);
        assertEquals(1, census.undeployLeaks(), "one undeployment, however many censuses see it");
        assertEquals(4, census.undeployedLeakedThreads());

        stop(releaseOne, one);
        census.take();
        assertEquals(3, census.undeployedLeakedThreads(), "the threads alive now");
        assertEquals(1, census.undeployLeaks());

        deployed.set(Set.of(SHOP_WAR)); // deployed again (same module name), then undeployed again
        census.take();
        assertEquals(0, census.undeployedLeakedThreads(), "deployed again: its threads are no leak");
        deployed.set(Set.of());
        census.take();
        assertEquals(2, census.undeployLeaks());
    }

    // Undeployed leaks

    @Test
    void anUndeployedDeploymentWithLiveThreadsIsReportedOnce() throws InterruptedException {
        ThreadCensus census = census();
        deployed.set(Set.of(SHOP_WAR));
        start("orders", 3, OrderTask::new, new CountDownLatch(1), shopWar);
        start("stock", 1, StockTask::new, new CountDownLatch(1), shopWar);
        take(census, 2);
        assertEquals(List.of(), leaks, "deployed: no leak");
        assertEquals(Map.of(), census.undeployedLeaks());

        deployed.set(Set.of());
        take(census, 3);
        assertEquals(1, leaks.size(), leaks.toString());
        Leak leak = leaks.get(0);
        assertEquals(SHOP_WAR, leak.deployment());
        assertEquals(4, leak.threads());
        assertEquals(List.of(ORDERS + "=3", STOCK + "=1"),
                leak.top().stream().map(origin -> origin.origin() + "=" + origin.count()).collect(Collectors.toList()));
        assertEquals(Map.of(SHOP_WAR, 4), census.undeployedLeaks());
    }

    @Test
    void nothingIsReportedWhenTheDeployedModulesCannotBeTold() throws InterruptedException {
        ThreadCensus census = census();
        deployed.set(null);
        start("orders", 2, OrderTask::new, new CountDownLatch(1), shopWar);
        take(census, 2);
        assertEquals(2, census.counts(GroupBy.DEPLOYMENT).get(SHOP_WAR));
        assertEquals(List.of(), leaks);
        assertEquals(Map.of(), census.undeployedLeaks());
    }

    // The census as a user reads it

    @Test
    void censusListsOriginsMostThreadsFirst() throws InterruptedException {
        ThreadCensus census = census();
        ClassLoader adminWar = new ClassLoader("deployment.admin.war", null) { };
        start("admin-orders", 1, OrderTask::new, new CountDownLatch(1), adminWar);
        start("shop-orders", 2, OrderTask::new, new CountDownLatch(1), shopWar);
        census.take();
        // Every thread of the JVM but the test's three is the server's: at least main and the JDK's own.
        assertEquals(List.of(OriginResolver.SERVER, SHOP_WAR, "deployment.admin.war"),
                census.census(GroupBy.DEPLOYMENT, 0).stream().map(OriginCount::origin).collect(Collectors.toList()));
        List<OriginCount> entries = census.census(GroupBy.ENTRY, 0);
        for (int i = 1; i < entries.size(); i++) {
            assertTrue(entries.get(i - 1).count() >= entries.get(i).count(), entries.toString());
        }
    }

    @Test
    void censusKeepsOnlyTheTopOrigins() throws InterruptedException {
        ThreadCensus census = census();
        ClassLoader adminWar = new ClassLoader("deployment.admin.war", null) { };
        start("admin-orders", 1, OrderTask::new, new CountDownLatch(1), adminWar);
        start("shop-orders", 2, OrderTask::new, new CountDownLatch(1), shopWar);
        census.take();
        assertEquals(List.of(OriginResolver.SERVER, SHOP_WAR),
                census.census(GroupBy.DEPLOYMENT, 2).stream().map(OriginCount::origin).collect(Collectors.toList()));
        assertEquals(census.census(GroupBy.ENTRY, 0).subList(0, 2), census.census(GroupBy.ENTRY, 2));
        assertEquals(3, census.census(GroupBy.DEPLOYMENT, 10).size(), "fewer origins than the top: all of them");
    }

    @Test
    void samplesHoldAtMostThreeThreadNames() throws InterruptedException {
        ThreadCensus census = census();
        start("orders", 5, OrderTask::new, new CountDownLatch(1));
        start("stock", 2, StockTask::new, new CountDownLatch(1));
        census.take();
        List<String> orders = origin(census, GroupBy.ENTRY, ORDERS).samples();
        assertEquals(3, orders.size());
        assertTrue(orders.stream().allMatch(name -> name.startsWith("orders-")), orders.toString());
        assertEquals(Set.of("stock-0", "stock-1"), Set.copyOf(origin(census, GroupBy.ENTRY, STOCK).samples()));
        for (GroupBy group : GroupBy.values()) {
            census.census(group, 0).forEach(origin -> assertTrue(origin.samples().size() <= 3, group + " " + origin));
        }
    }

    // Creator tracking

    @Test
    void aThreadStartedWhileTrackingIsCreditedToTheClassThatStartedIt() throws InterruptedException {
        ThreadCensus census = census(CensusSettings.DEFAULT_ORIGIN_WARNING, true);
        CountDownLatch running = new CountDownLatch(1);
        started.add(WorkerLauncher.launch(new OrderTask(running, new CountDownLatch(1)), "launched"));
        assertTrue(running.await(10, SECONDS));
        awaitCreator(census, LAUNCHER, 1);
        assertEquals(List.of("launched"), origin(census, GroupBy.CREATOR, LAUNCHER).samples());
        assertEquals("on", census.creatorTrackingState(), "creator-tracking-state");
    }

    @Test
    void threadsStartedBeforeTheCensusHaveAnUnknownCreator() throws InterruptedException {
        CountDownLatch earlyRunning = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            started.add(WorkerLauncher.launch(new OrderTask(earlyRunning, new CountDownLatch(1)), "early-" + i));
        }
        assertTrue(earlyRunning.await(10, SECONDS));
        ThreadCensus census = census(CensusSettings.DEFAULT_ORIGIN_WARNING, true);
        // A witness started by the same class once the census runs: when it is credited, the start events arrived.
        CountDownLatch witnessRunning = new CountDownLatch(1);
        started.add(WorkerLauncher.launch(new StockTask(witnessRunning, new CountDownLatch(1)), "witness"));
        assertTrue(witnessRunning.await(10, SECONDS));
        awaitCreator(census, LAUNCHER, 1);
        assertEquals(List.of("witness"), origin(census, GroupBy.CREATOR, LAUNCHER).samples());
        assertEquals(4, census.counts(GroupBy.ENTRY).get(ORDERS) + census.counts(GroupBy.ENTRY).get(STOCK));
    }

    @Test
    void newIgnoredPackagesRenameTheCreatorsOfLiveAndNewThreads() throws InterruptedException {
        ThreadCensus census = census(CensusSettings.DEFAULT_ORIGIN_WARNING, true);
        CountDownLatch running = new CountDownLatch(2);
        started.add(OrderService.startPoller(new OrderTask(running, new CountDownLatch(1)), "poller-before"));
        awaitCreator(census, LAUNCHER, 1);

        // The framework's package ignored: the creator is the application code that called it, for every thread.
        census.reconfigure(settings(CensusSettings.DEFAULT_ORIGIN_WARNING, true, "com.example.framework"));
        started.add(OrderService.startPoller(new OrderTask(running, new CountDownLatch(1)), "poller-after"));
        assertTrue(running.await(10, SECONDS));
        awaitCreator(census, SERVICE, 2);
        assertNull(census.counts(GroupBy.CREATOR).get(LAUNCHER));
    }

    @Test
    void whenJfrDeliversNoStartTheCensusSaysOnceThatCreatorTrackingIsLostAndStillCountsEntries() throws InterruptedException {
        List<String> said = new CopyOnWriteArrayList<>();
        ThreadCensus.Listener hearing = new ThreadCensus.Listener() {
            @Override
            public void creatorTrackingRestarted(Throwable cause) {
                said.add("restarted");
            }

            @Override
            public void creatorTrackingLost(Throwable cause) {
                said.add("lost");
            }

            @Override
            public void creatorTrackingRecovered() {
                said.add("recovered");
            }
        };
        // a JFR that delivers nothing, as after an OutOfMemoryError ended its periodic thread
        ThreadCensus census = new ThreadCensus(settings(CensusSettings.DEFAULT_ORIGIN_WARNING, true), hearing, deployed::get,
                jdk.jfr.consumer.RecordingStream::new, Duration.ofMillis(300), CreatorTracker.MAX_TRACKED);
        censuses.add(census);
        assertEquals("on", census.creatorTrackingState(), "before");

        start("orders", 2, OrderTask::new, new CountDownLatch(1));

        await("lost").atMost(Duration.ofSeconds(30)).until(() -> {
            census.take();
            return census.creatorTrackingState();
        }, "lost"::equals);
        start("stock", 2, StockTask::new, new CountDownLatch(1));
        take(census, 3);
        assertEquals(List.of("lost"), said, "said once, though every census probes again");
        assertEquals("lost", census.creatorTrackingState(), "still lost");
        assertEquals(2, census.counts(GroupBy.ENTRY).get(STOCK), "entry still counted");
    }

    @Test
    void aFullCreatorTrackerIsReportedOnceWithItsBoundAndTheRefusedStarts() throws InterruptedException {
        List<String> said = new CopyOnWriteArrayList<>();
        ThreadCensus.Listener hearing = new ThreadCensus.Listener() {
            @Override
            public void creatorTrackingFull(int maxTracked, long dropped) {
                said.add(maxTracked + " kept, " + (dropped > 0 ? "some" : "none") + " refused");
            }
        };
        int bound = 3;
        ThreadCensus census = new ThreadCensus(settings(CensusSettings.DEFAULT_ORIGIN_WARNING, true), hearing, deployed::get,
                CreatorTracker::threadStarts, Duration.ofNanos(ThreadCensus.CREATOR_PATIENCE_NANOS), bound);
        censuses.add(census);

        start("orders", 2 * bound, OrderTask::new, new CountDownLatch(1));

        await("reported").atMost(Duration.ofSeconds(30)).until(() -> {
            census.take();
            return !said.isEmpty();
        });
        take(census, 3);
        assertEquals(List.of(bound + " kept, some refused"), said, "said once");
        assertTrue(census.creatorStartsDropped() >= bound, "creator-starts-dropped: " + census.creatorStartsDropped());
        assertEquals(2 * bound, census.counts(GroupBy.ENTRY).get(ORDERS), "every thread still counted by entry");
    }

    // Creators that arrive late

    private static final ThreadCensus.Listener QUIET = new ThreadCensus.Listener() {
    };

    /**
     * Creator tracking's stream, with the start of the thread named {@code name} held back until {@link #gate} opens:
     * JFR late, as under memory pressure. The stream's thread waits in this first action, so every later event waits
     * behind that start, the probes' too.
     */
    private Supplier<RecordingStream> holdingStartsOf(String name) {
        return () -> {
            RecordingStream stream = CreatorTracker.threadStarts();
            stream.onEvent("jdk.ThreadStart", event -> {
                RecordedThread thread = event.getThread("thread");
                if (thread != null && name.equals(thread.getJavaName())) {
                    try {
                        gate.await(60, SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            return stream;
        };
    }

    private ThreadCensus census(Supplier<RecordingStream> streams, Duration patience, int maxTracked) {
        ThreadCensus census = new ThreadCensus(settings(CensusSettings.DEFAULT_ORIGIN_WARNING, true), QUIET, deployed::get, streams, patience,
                maxTracked);
        censuses.add(census);
        return census;
    }

    private static int unknownCreators(ThreadCensus census, String why) {
        return census.unknownCreators().get(why);
    }

    /** Threads without a creator for want of a start: every reason but late. */
    private static int withoutStart(ThreadCensus census) {
        return census.unknownCreators().entrySet().stream().filter(entry -> !entry.getKey().equals("late")).mapToInt(Map.Entry::getValue).sum();
    }

    /** Each origin's peak at least its count, the counts summing to the live threads, the reasons within unknown's count. */
    private static void assertConsistent(ThreadCensus census) {
        for (GroupBy group : GroupBy.values()) {
            List<OriginCount> rows = census.census(group, 0);
            rows.forEach(row -> assertTrue(row.peak() >= row.count(), group + " " + row));
            assertEquals(census.liveThreads(), rows.stream().mapToInt(OriginCount::count).sum(), group + " sums to live-threads");
        }
        int unknown = census.counts(GroupBy.CREATOR).getOrDefault(OriginResolver.UNKNOWN, 0);
        assertTrue(withoutStart(census) <= unknown, census.unknownCreators() + " within unknown's " + unknown);
    }

    @Test
    void aStartThatArrivesLateNamesTheCreatorOfAThreadCountedUnknownTillThen() throws InterruptedException {
        ThreadCensus census = census(holdingStartsOf("late-worker"), Duration.ofMillis(300), CreatorTracker.MAX_TRACKED);
        CountDownLatch running = new CountDownLatch(1);
        started.add(WorkerLauncher.launch(new OrderTask(running, new CountDownLatch(1)), "late-worker"));
        assertTrue(running.await(10, SECONDS));
        // held past the patience, and the probe's start behind it: JFR looks lost, the thread's start too
        await("past the patience").atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(100)).until(() -> {
            census.take();
            return census.creatorTrackingState();
        }, "lost"::equals);
        assertNull(census.counts(GroupBy.CREATOR).get(LAUNCHER), "no creator yet");
        assertTrue(unknownCreators(census, "event-lost") >= 1, "counted event-lost: " + census.unknownCreators());
        assertEquals(0, census.creatorsRevisedLate(), "none late yet");
        assertConsistent(census);

        gate.countDown();

        awaitCreator(census, LAUNCHER, 1);
        assertEquals(List.of("late-worker"), origin(census, GroupBy.CREATOR, LAUNCHER).samples(), "regrouped under its creator");
        assertEquals(1, origin(census, GroupBy.CREATOR, LAUNCHER).peak(), "its creator's peak");
        assertTrue(census.creatorsRevisedLate() >= 1, "creators-revised-late: " + census.creatorsRevisedLate());
        assertTrue(unknownCreators(census, "late") >= 1, "late: " + census.unknownCreators());
        assertEquals(1, census.counts(GroupBy.ENTRY).get(ORDERS), "its entry unchanged");
        assertConsistent(census);
    }

    @Test
    void aThreadThatEndedBeforeItsLateStartArrivedIsNotCountedAgain() throws InterruptedException {
        ThreadCensus census = census(holdingStartsOf("late-ended"), Duration.ofMillis(300), CreatorTracker.MAX_TRACKED);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread lateEnded = WorkerLauncher.launch(new OrderTask(running, release), "late-ended");
        started.add(lateEnded);
        assertTrue(running.await(10, SECONDS));
        census.take();
        assertEquals(1, census.counts(GroupBy.ENTRY).get(ORDERS), "seen alive, creator unknown");
        stop(release, List.of(lateEnded));
        census.take();

        gate.countDown();
        // a witness started by the same class after the late start: once it is named, the late start came before it
        CountDownLatch witnessRunning = new CountDownLatch(1);
        started.add(WorkerLauncher.launch(new StockTask(witnessRunning, new CountDownLatch(1)), "witness"));
        assertTrue(witnessRunning.await(10, SECONDS));
        awaitCreator(census, LAUNCHER, 1);

        assertEquals(List.of("witness"), origin(census, GroupBy.CREATOR, LAUNCHER).samples(), "the ended thread is not back");
        assertNull(census.counts(GroupBy.ENTRY).get(ORDERS), "nor under its entry");
        assertConsistent(census);
    }

    @Test
    void withoutCreatorTrackingEveryThreadCountsAsTrackingOff() throws InterruptedException {
        ThreadCensus census = census();
        start("orders", 3, OrderTask::new, new CountDownLatch(1));
        census.take();
        assertEquals(Map.of("tracking-off", census.liveThreads(), "started-before-tracking", 0, "event-lost", 0, "pending", 0, "late", 0),
                census.unknownCreators());
        assertConsistent(census);
    }

    @Test
    void threadsAliveWhenTrackingBeganCountAsStartedBeforeTracking() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> early = start("orders", 3, OrderTask::new, release);
        ThreadCensus census = census(CensusSettings.DEFAULT_ORIGIN_WARNING, true);
        census.take();
        int before = unknownCreators(census, "started-before-tracking");
        assertTrue(before >= 3, "the three and the JVM's own: " + census.unknownCreators());
        assertEquals(0, unknownCreators(census, "tracking-off"));
        assertConsistent(census);

        stop(release, early);
        census.take();
        assertTrue(unknownCreators(census, "started-before-tracking") <= before - 3, "the ended ones leave: " + census.unknownCreators());
    }

    @Test
    void aStartTheFullTrackerRefusedIsPendingThenEventLostOnceAProbeStartedAfterThePatienceGotThrough() throws InterruptedException {
        ThreadCensus census = census(CreatorTracker::threadStarts, Duration.ofSeconds(5), 1);
        start("orders", 3, OrderTask::new, new CountDownLatch(1));
        census.take();
        assertTrue(unknownCreators(census, "pending") >= 2, "waited for within the patience: " + census.unknownCreators());

        await("event-lost").atMost(Duration.ofSeconds(60)).pollInSameThread().pollInterval(Duration.ofMillis(200)).until(() -> {
            census.take();
            return unknownCreators(census, "event-lost");
        }, lost -> lost >= 2);
        assertTrue(census.creatorStartsDropped() >= 2, "refused: " + census.creatorStartsDropped());
        assertConsistent(census);
    }
}
