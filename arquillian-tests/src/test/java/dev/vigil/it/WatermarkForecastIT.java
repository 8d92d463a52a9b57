package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.vigil.it.churn.ChurnServlet;

/**
 * The forecast on the shared 256 MB server: a server that churns a cache without leaking (churn.war's servlet, a 20 MB
 * cache replaced at 30 MB/s) gives no time-to-full; a constant leak on top of it (hoard.war adding 1 MB and collecting
 * every second) gives a time-to-full within 25 % of when the heap would be full at the rate driven, the same
 * through the management API, remote JMX and Jolokia. trend-window is lowered to its
 * least, 60 s, for the test (a live write) and restored after it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WatermarkForecastIT {

    private static final long MIB = 1024 * 1024;
    private static final ObjectName WATERMARK = RemoteJmx.name(ServerAddress.WATERMARK_MBEAN);
    private static final Duration LEAK_PERIOD = Duration.ofMillis(1000);
    private static final long TREND_WINDOW = 60;

    private static WatermarkManagement management;
    private static JMXConnector connector;
    private static MBeanServerConnection mbeans;
    private static ModelNode trendWindowBefore;
    private static String churnUrl;

    @ArquillianResource
    private URL url;

    @Deployment(testable = false)
    static WebArchive hoardWithChurn() {
        return Hoard.deployment().addClass(ChurnServlet.class);
    }

    @BeforeAll
    static void shortenTheTrendWindow() throws Exception {
        management = new WatermarkManagement();
        connector = RemoteJmx.connect();
        mbeans = connector.getMBeanServerConnection();
        trendWindowBefore = management.readAttribute("trend-window");
        ModelNode written = management.writeAttribute("trend-window", new ModelNode(TREND_WINDOW));
        assertEquals("success", written.get("outcome").asString(), written.toString());
    }

    @AfterAll
    static void restore() throws Exception {
        try {
            Http.get(churnUrl + "?stop");
            management.writeAttribute("trend-window", trendWindowBefore);
            management.close();
        } finally {
            connector.close();
        }
    }

    @Test
    @Order(1)
    void aServerThatChurnsWithoutLeakingHasNoForecast() throws Exception {
        churnUrl = churn();
        assertTrue(Http.get(churnUrl + "?start=20&rate=30").trim().startsWith("running=true"));
        // Filling the cache is a step of the floor: a trend until the floor has stayed flat for half the window. The
        // floor settles only after G1's first mixed cycles of the churn, not when the cache is full: waiting 2/3 of a
        // window after the start, the step was still in the newer half twice in twelve runs (time-to-full 310 s and
        // 1047 s at the first or last reading). So the readings begin once a whole window holds nothing but the churn.
        long settled = System.nanoTime() + Duration.ofSeconds(TREND_WINDOW + TREND_WINDOW / 6).toNanos();
        await("a whole window of churn").atMost(Duration.ofSeconds(TREND_WINDOW * 2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> System.nanoTime() - settled >= 0);
        List<ModelNode> seen = new ArrayList<>();
        List<Long> floor = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        await("15 s of churn").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            ModelNode now = management.readResource();
            seen.add(now.get("time-to-full"));
            floor.add(now.get("after-gc-used").asLong() / MIB);
            return System.nanoTime() - end >= 0;
        });
        long jmx = (Long) mbeans.getAttribute(WATERMARK, "TimeToFull");
        System.out.printf(Locale.ROOT, "churn at 30 MB/s: time-to-full read %d times, defined %d times; after-gc-used (MB) %s%n", seen.size(),
                seen.stream().filter(ModelNode::isDefined).count(), floor);
        assertFalse(seen.stream().anyMatch(ModelNode::isDefined), "no time-to-full while the server churns: " + seen);
        assertEquals(-1, jmx);
    }

    @Test
    @Order(2)
    void aConstantLeakIsForecastWithinAQuarterOfWhenTheHeapWouldBeFull() throws Exception {
        Hoard hoard = new Hoard(url);
        hoard.releaseAndCollect();
        AtomicInteger added = new AtomicInteger();
        ScheduledExecutorService leak = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        try {
            // 1 MB and a full collection every second: 1 MB/s, each collection a reading of the floor
            leak.scheduleAtFixedRate(() -> {
                hoard.addAndCollect(1);
                added.incrementAndGet();
            }, 0, LEAK_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            // Once the window holds the leak only: a window that also holds the flat floor before it fits a lower slope.
            long leakFilled = start + Duration.ofSeconds(TREND_WINDOW + TREND_WINDOW / 10).toNanos();
            await("a window of leak, and a forecast").atMost(Duration.ofSeconds(TREND_WINDOW * 2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> System.nanoTime() - leakFilled >= 0 && management.readAttribute("time-to-full").isDefined());
            ModelNode resource = management.readResource();
            long jmxTimeToFull = (Long) mbeans.getAttribute(WATERMARK, "TimeToFull");
            double jmxGrowthRate = (Double) mbeans.getAttribute(WATERMARK, "GrowthRate");
            long jolokiaTimeToFull = Jolokia.read(ServerAddress.WATERMARK_MBEAN, "TimeToFull").asLong();
            double elapsed = (System.nanoTime() - start) / 1e9;
            double bytesPerSecond = added.get() * MIB / elapsed;
            double expected = (resource.get("max").asLong() - resource.get("after-gc-used").asLong()) / bytesPerSecond;
            long cliTimeToFull = resource.get("time-to-full").asLong();
            double cliGrowthRate = resource.get("growth-rate").asDouble();
            System.out.printf(Locale.ROOT, "leak at %.2f MB/s for %.0f s: time-to-full %d s (JMX %d, Jolokia %d), expected %.0f s; growth-rate %.0f B/min (JMX %.0f), driven %.0f%n",
                    bytesPerSecond / MIB, elapsed, cliTimeToFull, jmxTimeToFull, jolokiaTimeToFull, expected, cliGrowthRate, jmxGrowthRate, bytesPerSecond * 60);
            assertAll("time-to-full within 25 % of " + expected + " s: " + resource,
                    () -> assertEquals(expected, cliTimeToFull, expected / 4, "management API"),
                    () -> assertEquals(expected, jmxTimeToFull, expected / 4, "JMX"),
                    () -> assertEquals(expected, jolokiaTimeToFull, expected / 4, "Jolokia"),
                    () -> assertEquals(bytesPerSecond * 60, cliGrowthRate, bytesPerSecond * 60 / 4, "growth-rate"),
                    () -> assertEquals("NORMAL", resource.get("state").asString(), "no warn-within: the forecast moves nothing"));
        } finally {
            leak.shutdownNow();
            leak.awaitTermination(10, TimeUnit.SECONDS);
            hoard.releaseAndCollect();
        }
    }

    /** The churn servlet, in the same deployment as the hoard; it keeps running under the leak, and stops after the tests. */
    private String churn() {
        return url.toString().replaceFirst("/?$", "/") + "churn";
    }
}
