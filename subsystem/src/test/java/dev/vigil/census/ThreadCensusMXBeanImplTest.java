package dev.vigil.census;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil:type=ThreadCensus} in the test JVM's platform MBeanServer, as the server's service registers it: its
 * census operation refuses what jboss-cli refuses, with the same message, before a census is taken.
 */
class ThreadCensusMXBeanImplTest {

    private static final String[] SIGNATURE = { String.class.getName(), int.class.getName() };
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private ThreadCensusService service;

    @BeforeEach
    void start() {
        service = new ThreadCensusService(new CensusSettings(Duration.ofSeconds(3600), 500, false, List.of()), List.of(), (action, request) -> { });
        service.start();
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    /** The refusal as a remote client sees it: a JDK exception whose message says why. */
    private String refused(String groupBy, int top) {
        RuntimeMBeanException thrown = assertThrows(RuntimeMBeanException.class,
                () -> server.invoke(ThreadCensusMXBeanImpl.OBJECT_NAME, "census", new Object[] { groupBy, top }, SIGNATURE));
        assertEquals(IllegalArgumentException.class, thrown.getCause().getClass(), "a JDK type");
        return thrown.getCause().getMessage();
    }

    private void assertRefusedChangingNothing(String groupBy, int top, String expected) {
        long censuses = service.census().censuses();
        String message = refused(groupBy, top);
        assertAll("census(" + groupBy + ", " + top + ")",
                () -> assertTrue(message.contains(expected), "'" + expected + "' in: " + message),
                () -> assertEquals(censuses, service.census().censuses(), "no census taken"));
    }

    @Test
    void aNegativeTopIsRefusedNamingTheAllowedRange() {
        assertRefusedChangingNothing("entry", -1, "VIGIL0031: top=-1 is not allowed: it must be a whole number from 0 (every origin) to 10000");
    }

    @Test
    void aTopAboveTheMaximumIsRefused() {
        assertRefusedChangingNothing("entry", CensusLimits.MAX_TOP + 1, "VIGIL0031: top=10001 is not allowed");
        assertRefusedChangingNothing("entry", Integer.MAX_VALUE, "VIGIL0031: top=" + Integer.MAX_VALUE + " is not allowed");
    }

    @Test
    void anUnknownGroupIsRefusedAsJbossCliRefusesIt() {
        assertRefusedChangingNothing("thread", 10, "VIGIL0032: group-by=thread is not allowed: allowed values are [creator, entry, deployment]");
    }

    @Test
    void topZeroToTheMaximumIsAnswered() throws Exception {
        for (int top : new int[] { 0, 1, CensusLimits.MAX_TOP }) {
            CompositeData[] rows = (CompositeData[]) server.invoke(ThreadCensusMXBeanImpl.OBJECT_NAME, "census", new Object[] { "deployment", top }, SIGNATURE);
            assertTrue(rows.length > 0, "census(deployment, " + top + ")");
        }
    }

    @Test
    void unknownCreatorsAreReadByReasonAsTabularData() throws Exception {
        service.census().take();
        TabularData byWhy = (TabularData) server.getAttribute(ThreadCensusMXBeanImpl.OBJECT_NAME, "UnknownCreators");
        Map<String, Integer> read = new HashMap<>();
        for (Object row : byWhy.values()) {
            CompositeData data = (CompositeData) row;
            read.put((String) data.get("key"), (Integer) data.get("value"));
        }
        assertAll("UnknownCreators with creator-tracking=false",
                () -> assertEquals(Set.of("tracking-off", "started-before-tracking", "event-lost", "pending", "late"), read.keySet(), "every reason"),
                () -> assertEquals(service.census().liveThreads(), read.get("tracking-off"), "every live thread: tracking is off"),
                () -> assertEquals(0L, server.getAttribute(ThreadCensusMXBeanImpl.OBJECT_NAME, "CreatorsRevisedLate"), "CreatorsRevisedLate"));
    }
}
