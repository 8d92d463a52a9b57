package dev.vigil.subsystem;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;

import org.jboss.as.controller.PathAddress;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.descriptions.ModelDescriptionConstants;
import org.jboss.as.controller.operations.common.Util;
import org.jboss.as.subsystem.test.AbstractSubsystemTest;
import org.jboss.as.subsystem.test.AdditionalInitialization;
import org.jboss.as.subsystem.test.KernelServices;
import org.jboss.dmr.ModelNode;
import org.junit.Test;

/**
 * Bad values are refused in standalone.xml and on write-attribute with a message that names the attribute, the value
 * and what is allowed, and a refused write changes nothing. Runs the subsystem with its runtime (services started),
 * since unknown pools can only be judged by the server's own JVM.
 */
public class VigilBadInputTestCase extends AbstractSubsystemTest {

    private static final PathAddress CENSUS = PathAddress.pathAddress(PathElement.pathElement("subsystem", "vigil"), PathElement.pathElement("service", "thread-census"));
    private static final PathAddress HEAP = PathAddress.pathAddress(PathElement.pathElement("subsystem", "vigil"), PathElement.pathElement("watermark", "heap"));

    private static final AdditionalInitialization RUNTIME = new StandaloneRuntime();

    public VigilBadInputTestCase() {
        super(VigilSubsystemRegistrar.REGISTRATION.getName(), new VigilExtension());
    }

    private static String config(String attributes) {
        return "<subsystem xmlns=\"urn:vigil:1.0\"><watermark name=\"heap\" " + attributes + "/></subsystem>";
    }

    /**
     * What the server says about {@code <watermark name="heap" attributes/>} in standalone.xml: the parser's error, or
     * the failure of the operations the parser made (which is what fails the server's boot).
     */
    private String refusedAtBoot(String attributes) throws Exception {
        return refusedAtBoot(config(attributes), attributes);
    }

    private String refusedAtBoot(String xml, String attributes) throws Exception {
        java.util.List<ModelNode> operations;
        try {
            operations = parse(xml);
        } catch (Exception parseError) {
            return String.valueOf(parseError.getMessage());
        }
        KernelServices services = createKernelServicesBuilder(RUNTIME).setBootOperations(operations.subList(0, 1)).build();
        try {
            assertTrue(String.valueOf(services.getBootError()), services.isSuccessfulBoot());
            ModelNode result = services.executeOperation(operations.get(1));
            assertEquals("standalone.xml with " + attributes + " must be refused: " + result, ModelDescriptionConstants.FAILED,
                    result.get(ModelDescriptionConstants.OUTCOME).asString());
            return result.get(ModelDescriptionConstants.FAILURE_DESCRIPTION).asString();
        } finally {
            services.shutdown();
        }
    }

    /** A child element of the subsystem (heap-dumps, thread-census, instance-guard) with the attributes is refused at boot. */
    private void assertElementRefusedAtBoot(String element, String attributes, String... expected) throws Exception {
        String error = refusedAtBoot("<subsystem xmlns=\"urn:vigil:1.0\"><" + element + " " + attributes + "/></subsystem>", attributes);
        for (String part : expected) {
            assertTrue("'" + part + "' in: " + error, error.contains(part));
        }
    }

    private void assertRefusedAtBoot(String attributes, String... expected) throws Exception {
        String error = refusedAtBoot(attributes);
        for (String part : expected) {
            assertTrue("'" + part + "' in: " + error, error.contains(part));
        }
    }

    @Test
    public void aPercentageThatIsNotANumberIsRefusedInXml() throws Exception {
        assertRefusedAtBoot("warning=\"seventy\"", "VIGIL0001: warning=seventy is not allowed: it must be a whole number of percent from 1 to 99");
    }

    @Test
    public void aFractionalPercentageIsRefusedInXml() throws Exception {
        assertRefusedAtBoot("critical=\"85.5\"", "VIGIL0001: critical=85.5 is not allowed");
    }

    @Test
    public void percentagesOutsideOneToNinetyNineAreRefusedInXml() throws Exception {
        assertRefusedAtBoot("warning=\"0\"", "VIGIL0001: warning=0 is not allowed: it must be a whole number of percent from 1 to 99");
        assertRefusedAtBoot("critical=\"100\"", "VIGIL0001: critical=100 is not allowed");
    }

    @Test
    public void warningAtOrAboveCriticalIsRefusedInXml() throws Exception {
        assertRefusedAtBoot("warning=\"90\" critical=\"85\"", "VIGIL0002: warning=90 is not allowed with critical=85: warning must be below critical");
        assertRefusedAtBoot("warning=\"85\"", "VIGIL0002: warning=85 is not allowed with critical=85");
    }

    @Test
    public void anExpressionResolvingToABadLevelIsRefusedAtBoot() throws Exception {
        assertRefusedAtBoot("warning=\"${vigil.no.such.property:95}\"", "VIGIL0002: warning=95 is not allowed with critical=85");
    }

    @Test
    public void anUnknownMeasureIsRefusedInXml() throws Exception {
        assertRefusedAtBoot("measure=\"sometimes\"", "sometimes", "measure", "after-gc", "current");
    }

    @Test
    public void anUnknownActionIsRefusedInXml() throws Exception {
        assertRefusedAtBoot("on-critical=\"notify explode\"", "explode", "on-critical", "notify");
    }

    @Test
    public void forecastWindowsOutsideTheirRangesAreRefusedInXml() throws Exception {
        assertRefusedAtBoot("trend-window=\"59\"", "VIGIL0008: trend-window=59 is not allowed: it must be a whole number of seconds from 60 to 86400");
        assertRefusedAtBoot("trend-window=\"86401\"", "VIGIL0008: trend-window=86401 is not allowed");
        assertRefusedAtBoot("trend-window=\"ten minutes\"", "VIGIL0008: trend-window=ten minutes is not allowed");
        assertRefusedAtBoot("gc-window=\"4\"", "VIGIL0008: gc-window=4 is not allowed: it must be a whole number of seconds from 5 to 3600");
        assertRefusedAtBoot("gc-window=\"3601\"", "VIGIL0008: gc-window=3601 is not allowed");
        assertRefusedAtBoot("warn-within=\"0\"", "VIGIL0008: warn-within=0 is not allowed: it must be a whole number of seconds from 1 to 86400");
        assertRefusedAtBoot("warn-within=\"86401\"", "VIGIL0008: warn-within=86401 is not allowed");
        assertRefusedAtBoot("warn-within=\"1.5\"", "VIGIL0008: warn-within=1.5 is not allowed");
    }

    @Test
    public void anExpressionResolvingToABadWindowIsRefusedAtBoot() throws Exception {
        assertRefusedAtBoot("gc-window=\"${vigil.no.such.property:1}\"", "VIGIL0008: gc-window=1 is not allowed");
    }

    @Test
    public void unhealthyAfterOutsideOneSecondToADayIsRefusedInXml() throws Exception {
        assertElementRefusedAtBoot("health", "unhealthy-after=\"0\"",
                "VIGIL0008: unhealthy-after=0 is not allowed: it must be a whole number of seconds from 1 to 86400");
        assertElementRefusedAtBoot("health", "unhealthy-after=\"86401\"", "VIGIL0008: unhealthy-after=86401 is not allowed");
        assertElementRefusedAtBoot("health", "unhealthy-after=\"five minutes\"", "VIGIL0008: unhealthy-after=five minutes is not allowed");
    }

    @Test
    public void suspendIsRefusedForAnOriginWarningWhichHasNoEndToResumeAt() throws Exception {
        assertElementRefusedAtBoot("thread-census", "on-origin-warning=\"thread-census suspend\"", "suspend", "on-origin-warning", "leak-suspects");
    }

    @Test
    public void heapDumpNumbersOutOfRangeAreRefusedInXml() throws Exception {
        assertElementRefusedAtBoot("heap-dumps", "max-dumps=\"0\"", "0", "max-dumps", "minimum value of 1");
        assertElementRefusedAtBoot("heap-dumps", "max-dumps=\"1001\"", "1001", "max-dumps", "maximum value of 1000");
        assertElementRefusedAtBoot("heap-dumps", "cooldown=\"-1\"", "-1", "cooldown", "minimum value of 0");
        assertElementRefusedAtBoot("heap-dumps", "min-free-space=\"-5\"", "-5", "min-free-space", "minimum value of 0");
    }

    @Test
    public void heapDumpFlagsThatAreNotBooleansAreRefusedInXml() throws Exception {
        assertElementRefusedAtBoot("heap-dumps", "compress=\"gzip\"", "compress", "gzip", "BOOLEAN");
    }

    @Test
    public void threadCensusValuesOutOfRangeAreRefusedInXml() throws Exception {
        assertElementRefusedAtBoot("thread-census", "interval=\"0\"", "0", "interval", "minimum value of 1");
        assertElementRefusedAtBoot("thread-census", "interval=\"3601\"", "3601", "interval", "maximum value of 3600");
        assertElementRefusedAtBoot("thread-census", "origin-warning=\"0\"", "0", "origin-warning", "minimum value of 1");
        assertElementRefusedAtBoot("thread-census", "on-origin-warning=\"thread-census explode\"", "explode", "on-origin-warning", "thread-census");
    }

    @Test
    public void ignorePackagesThatAreNotPackageNamesAreRefusedInXml() throws Exception {
        assertElementRefusedAtBoot("thread-census", "ignore-packages=\"com.example *\"",
                "VIGIL0030: ignore-packages entry '*' is not allowed: it is not a Java package name", "com.example or com.example.");
        assertElementRefusedAtBoot("thread-census", "ignore-packages=\"com..example\"", "VIGIL0030: ignore-packages entry 'com..example'");
        assertElementRefusedAtBoot("thread-census", "ignore-packages=\"com.example.*\"", "VIGIL0030: ignore-packages entry 'com.example.*'");
    }

    @Test
    public void anExpressionResolvingToAWildcardInIgnorePackagesIsRefusedAtBoot() throws Exception {
        assertElementRefusedAtBoot("thread-census", "ignore-packages=\"${vigil.no.such.property:*}\"", "VIGIL0030: ignore-packages entry '*' is not allowed");
    }

    @Test
    public void aRefusedIgnorePackagesWriteChangesNothing() throws Exception {
        KernelServices services = bootedCensus("ignore-packages=\"com.example.framework\"");
        try {
            ModelNode before = services.readWholeModel();

            for (String entry : new String[] { "com example", "*", "", " ", "com.*", ".com", "com/example" }) {
                assertWriteRefused(services, CENSUS, "ignore-packages", new ModelNode().add("org.acme").add(entry),
                        "VIGIL0030: ignore-packages entry '" + entry + "' is not allowed: it is not a Java package name");
            }

            assertEquals(before, services.readWholeModel());
        } finally {
            services.shutdown();
        }
    }

    @Test
    public void packageNamesWithOrWithoutATrailingDotAreAccepted() throws Exception {
        KernelServices services = bootedCensus("");
        try {
            ModelNode packages = new ModelNode().add("com.example").add("org.acme.").add("shop").add("a_b.$c1");
            ModelNode result = services.executeOperation(Util.getWriteAttributeOperation(CENSUS, "ignore-packages", packages));
            assertEquals(result.toString(), ModelDescriptionConstants.SUCCESS, result.get(ModelDescriptionConstants.OUTCOME).asString());
        } finally {
            services.shutdown();
        }
    }

    @Test
    public void aCensusWithABadTopOrGroupByIsRefusedNamingTheValueAndWhatIsAllowed() throws Exception {
        KernelServices services = bootedCensus("");
        try {
            assertCensusRefused(services, "entry", new ModelNode(-1), "VIGIL0031: top=-1 is not allowed: it must be a whole number from 0 (every origin) to 10000");
            assertCensusRefused(services, "entry", new ModelNode(10_001), "VIGIL0031: top=10001 is not allowed");
            assertCensusRefused(services, "entry", new ModelNode(Integer.MAX_VALUE), "VIGIL0031: top=" + Integer.MAX_VALUE + " is not allowed");
            assertCensusRefused(services, "thread", new ModelNode(10), "VIGIL0032: group-by=thread is not allowed: allowed values are [creator, entry, deployment]");
        } finally {
            services.shutdown();
        }
    }

    /** A server whose subsystem has only {@code <thread-census attributes/>}, booted. */
    private KernelServices bootedCensus(String attributes) throws Exception {
        KernelServices services = createKernelServicesBuilder(RUNTIME)
                .setSubsystemXml("<subsystem xmlns=\"urn:vigil:1.0\"><thread-census " + attributes + "/></subsystem>").build();
        assertTrue(String.valueOf(services.getBootError()), services.isSuccessfulBoot());
        return services;
    }

    private static void assertCensusRefused(KernelServices services, String groupBy, ModelNode top, String expected) {
        ModelNode operation = Util.createOperation("census", CENSUS);
        operation.get("group-by").set(groupBy);
        operation.get("top").set(top);
        ModelNode result = services.executeOperation(operation);
        assertEquals("census(group-by=" + groupBy + ", top=" + top + ") must be refused: " + result, ModelDescriptionConstants.FAILED,
                result.get(ModelDescriptionConstants.OUTCOME).asString());
        String message = result.get(ModelDescriptionConstants.FAILURE_DESCRIPTION).asString();
        assertTrue("'" + expected + "' in: " + message, message.contains(expected));
    }

    @Test
    public void instanceGuardValuesOutsideTheAllowedAreRefusedInXml() throws Exception {
        assertElementRefusedAtBoot("instance-guard", "on-duplicate=\"maybe\"", "maybe", "on-duplicate", "fail", "warn");
        assertElementRefusedAtBoot("instance-guard", "recheck-interval=\"0\"", "0", "recheck-interval", "minimum value of 1");
        assertElementRefusedAtBoot("instance-guard", "recheck-interval=\"3601\"", "3601", "recheck-interval", "maximum value of 3600");
        assertElementRefusedAtBoot("instance-guard", "check-ports=\"sometimes\"", "sometimes", "check-ports", "BOOLEAN");
    }

    @Test
    public void anUnknownPoolIsRefusedAtBootWithTheJvmsPools() throws Exception {
        String error = refusedAtBoot("pools=\"heap,Tenured Gen X\"");
        assertTrue(error, error.contains("VIGIL0003: pools=heap,Tenured Gen X is not allowed: this JVM has no memory pool named 'Tenured Gen X'"));
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            assertTrue(pool.getName() + " in " + error, error.contains(pool.getName()));
        }
    }

    @Test
    public void refusedWritesChangeNothing() throws Exception {
        KernelServices services = createKernelServicesBuilder(RUNTIME).setSubsystemXml(config("warning=\"70\" critical=\"85\"")).build();
        try {
            assertTrue(String.valueOf(services.getBootError()), services.isSuccessfulBoot());
            ModelNode before = services.readWholeModel();

            assertWriteRefused(services, "warning", new ModelNode(90), "VIGIL0002: warning=90 is not allowed with critical=85: warning must be below critical");
            assertWriteRefused(services, "critical", new ModelNode(60), "VIGIL0002: warning=70 is not allowed with critical=60");
            assertWriteRefused(services, "warning", new ModelNode("abc"), "VIGIL0001: warning=abc is not allowed: it must be a whole number of percent from 1 to 99");
            assertWriteRefused(services, "critical", new ModelNode(100), "VIGIL0001: critical=100 is not allowed");
            assertWriteRefused(services, "measure", new ModelNode("often"), "often");
            assertWriteRefused(services, "pools", new ModelNode().add("No Such Pool"), "VIGIL0003: pools=No Such Pool is not allowed: this JVM has no memory pool named 'No Such Pool'");
            assertWriteRefused(services, "on-warning", new ModelNode().add("explode"), "explode");
            assertWriteRefused(services, "trend-window", new ModelNode(30), "VIGIL0008: trend-window=30 is not allowed: it must be a whole number of seconds from 60 to 86400");
            assertWriteRefused(services, "gc-window", new ModelNode(0), "VIGIL0008: gc-window=0 is not allowed: it must be a whole number of seconds from 5 to 3600");
            assertWriteRefused(services, "warn-within", new ModelNode(-1), "VIGIL0008: warn-within=-1 is not allowed: it must be a whole number of seconds from 1 to 86400");
            assertWriteRefused(services, "measure", new ModelNode("gc"), "gc-overhead");

            assertEquals(before, services.readWholeModel());
            assertEquals(70, read(services, "warning").asInt());
            assertEquals("NORMAL", read(services, "state").asString());
        } finally {
            services.shutdown();
        }
    }

    @Test
    public void levelsBothBelowTheDefaultsAreAcceptedInXml() throws Exception {
        KernelServices services = createKernelServicesBuilder(RUNTIME).setSubsystemXml(config("warning=\"10\" critical=\"15\"")).build();
        try {
            assertTrue(String.valueOf(services.getBootError()), services.isSuccessfulBoot());
            assertEquals(10, read(services, "warning").asInt());
            assertEquals(15, read(services, "critical").asInt());
        } finally {
            services.shutdown();
        }
    }

    @Test
    public void aValidWriteAppliesToTheRunningWatermarkWithoutReload() throws Exception {
        KernelServices services = createKernelServicesBuilder(RUNTIME).setSubsystemXml(config("")).build();
        try {
            assertTrue(String.valueOf(services.getBootError()), services.isSuccessfulBoot());
            ModelNode result = services.executeOperation(Util.getWriteAttributeOperation(HEAP, "warning", new ModelNode(60)));
            assertEquals(result.toString(), ModelDescriptionConstants.SUCCESS, result.get(ModelDescriptionConstants.OUTCOME).asString());
            assertFalse("no reload needed: " + result, result.hasDefined(ModelDescriptionConstants.RESPONSE_HEADERS, ModelDescriptionConstants.OPERATION_REQUIRES_RELOAD));
            assertEquals(60, read(services, "warning").asInt());
            assertTrue(read(services, "max").asLong() > 0);
            assertEquals("NORMAL", read(services, "state").asString());
        } finally {
            services.shutdown();
        }
    }

    @Test
    public void forecastSettingsAndGcOverheadApplyToTheRunningWatermarkWithoutReload() throws Exception {
        KernelServices services = createKernelServicesBuilder(RUNTIME).setSubsystemXml(config("")).build();
        try {
            assertTrue(String.valueOf(services.getBootError()), services.isSuccessfulBoot());
            assertEquals(600, read(services, "trend-window").asLong());
            assertEquals(60, read(services, "gc-window").asLong());
            assertFalse(read(services, "warn-within").isDefined());
            assertFalse("no forecast before half the window: " + read(services, "time-to-full"), read(services, "time-to-full").isDefined());
            for (String[] write : new String[][] { { "trend-window", "120" }, { "gc-window", "10" }, { "warn-within", "900" }, { "measure", "gc-overhead" } }) {
                ModelNode result = services.executeOperation(Util.getWriteAttributeOperation(HEAP, write[0], new ModelNode(write[1])));
                assertEquals(result.toString(), ModelDescriptionConstants.SUCCESS, result.get(ModelDescriptionConstants.OUTCOME).asString());
                assertFalse("no reload needed: " + result, result.hasDefined(ModelDescriptionConstants.RESPONSE_HEADERS, ModelDescriptionConstants.OPERATION_REQUIRES_RELOAD));
            }
            javax.management.ObjectName name = new javax.management.ObjectName("vigil:type=Watermark,name=heap");
            javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            assertEquals(120L, server.getAttribute(name, "TrendWindow"));
            assertEquals(10L, server.getAttribute(name, "GcWindow"));
            assertEquals(900L, server.getAttribute(name, "WarnWithin"));
            assertEquals("gc-overhead", server.getAttribute(name, "Measure"));
            assertEquals(-1L, server.getAttribute(name, "TimeToFull"));
            double overhead = read(services, "usage-percent").asDouble();
            assertTrue("a share of time: " + overhead, overhead >= 0 && overhead <= 100);
        } finally {
            services.shutdown();
        }
    }

    // ---- heap-dumps path and relative-to ----

    @Test
    public void anEmptyDumpPathIsRefusedInXml() throws Exception {
        assertElementRefusedAtBoot("heap-dumps", "path=\"\"", "VIGIL0006: path= is not allowed: it is empty. Allowed: a directory path without NUL characters");
    }

    @Test
    public void aDumpPathWithANulIsRefusedAtBoot() throws Exception {
        System.setProperty("vigil.test.nul.path", "dumps\0x");
        try {
            assertElementRefusedAtBoot("heap-dumps", "path=\"${vigil.test.nul.path}\"", "VIGIL0006: path=dumps\\0x is not allowed: it holds a NUL character");
        } finally {
            System.clearProperty("vigil.test.nul.path");
        }
    }

    @Test
    public void anUnknownRelativeToIsRefusedAtBoot() throws Exception {
        assertElementRefusedAtBoot("heap-dumps", "relative-to=\"no.such.path\"", "VIGIL0007: relative-to=no.such.path is not allowed: the server has no path named no.such.path");
    }

    private static ModelNode read(KernelServices services, String attribute) {
        ModelNode result = services.executeOperation(Util.getReadAttributeOperation(HEAP, attribute));
        assertEquals(result.toString(), ModelDescriptionConstants.SUCCESS, result.get(ModelDescriptionConstants.OUTCOME).asString());
        return result.get(ModelDescriptionConstants.RESULT);
    }

    private static void assertWriteRefused(KernelServices services, String attribute, ModelNode value, String expected) {
        assertWriteRefused(services, HEAP, attribute, value, expected);
    }

    private static void assertWriteRefused(KernelServices services, PathAddress address, String attribute, ModelNode value, String expected) {
        ModelNode result = services.executeOperation(Util.getWriteAttributeOperation(address, attribute, value));
        if (!ModelDescriptionConstants.FAILED.equals(result.get(ModelDescriptionConstants.OUTCOME).asString())) {
            fail("write " + attribute + "=" + value + " must be refused: " + result);
        }
        String message = result.get(ModelDescriptionConstants.FAILURE_DESCRIPTION).asString();
        assertTrue("'" + expected + "' in: " + message, message.contains(expected));
    }
}
