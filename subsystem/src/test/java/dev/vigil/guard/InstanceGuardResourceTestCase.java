package dev.vigil.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jboss.as.controller.PathAddress;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.descriptions.ModelDescriptionConstants;
import org.jboss.as.controller.operations.common.Util;
import org.jboss.as.subsystem.test.AbstractSubsystemTest;
import org.jboss.as.subsystem.test.AdditionalInitialization;
import org.jboss.as.subsystem.test.KernelServices;
import org.jboss.dmr.ModelNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.vigil.subsystem.StandaloneRuntime;
import dev.vigil.subsystem.VigilExtension;

/**
 * {@code service=instance-guard} through WildFly's management controller with its runtime (services started), on real
 * lock directories: what an add, a write and a failed boot do to the locks this JVM holds.
 */
public class InstanceGuardResourceTestCase extends AbstractSubsystemTest {

    private static final PathAddress SUBSYSTEM = PathAddress.pathAddress(PathElement.pathElement("subsystem", "vigil"));
    private static final PathAddress GUARD = SUBSYSTEM.append("service", "instance-guard");

    private static final AdditionalInitialization RUNTIME = new StandaloneRuntime();

    private Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    public InstanceGuardResourceTestCase() {
        super("vigil", new VigilExtension());
    }

    @Before
    public void lockDir() throws IOException {
        dir = Files.createTempDirectory("vigil-guard-resource").toRealPath();
    }

    @After
    public void closeAll() throws Exception {
        for (AutoCloseable each : toClose) {
            each.close();
        }
    }

    private KernelServices boot(ModelNode... operations) throws Exception {
        List<ModelNode> boot = new ArrayList<>();
        boot.add(Util.createAddOperation(SUBSYSTEM));
        boot.addAll(List.of(operations));
        KernelServices services = createKernelServicesBuilder(RUNTIME).setBootOperations(boot).build();
        toClose.add(services::shutdown);
        return services;
    }

    private static ModelNode addGuard(String onDuplicate, String... lockDirs) {
        ModelNode add = Util.createAddOperation(GUARD);
        add.get("on-duplicate").set(onDuplicate);
        add.get("check-ports").set(false);
        for (String lockDir : lockDirs) {
            add.get("lock-dirs").add(lockDir);
        }
        return add;
    }

    private static ModelNode assertSuccess(ModelNode response) {
        assertEquals(response.toString(), ModelDescriptionConstants.SUCCESS, response.get(ModelDescriptionConstants.OUTCOME).asString());
        return response.get(ModelDescriptionConstants.RESULT);
    }

    private static String assertFailed(ModelNode response) {
        assertEquals(response.toString(), ModelDescriptionConstants.FAILED, response.get(ModelDescriptionConstants.OUTCOME).asString());
        return response.get(ModelDescriptionConstants.FAILURE_DESCRIPTION).asString();
    }

    private OtherProcess holding(Path lockDir) {
        OtherProcess other = OtherProcess.holding(lockDir);
        toClose.add(other);
        return other;
    }

    private static ModelNode readGuard(KernelServices services) {
        ModelNode read = Util.createEmptyOperation(ModelDescriptionConstants.READ_RESOURCE_OPERATION, GUARD);
        read.get(ModelDescriptionConstants.INCLUDE_RUNTIME).set(true);
        return assertSuccess(services.executeOperation(read));
    }

    // added on a running server

    @Test
    public void addedOnARunningServerTheGuardClaimsAtOnceWithoutReload() throws Exception {
        KernelServices services = boot();
        assertTrue(String.valueOf(services.getBootError()), services.isSuccessfulBoot());

        ModelNode response = services.executeOperation(addGuard("fail", dir.toString()));

        assertSuccess(response);
        assertFalse("no reload or restart: " + response, response.hasDefined(ModelDescriptionConstants.RESPONSE_HEADERS));
        assertEquals(List.of(new ModelNode(dir.resolve(DirectoryLock.FILE).toString())), readGuard(services).get("lock-files").asList());
        assertFalse("this JVM holds the lock", OtherProcess.canClaim(dir));
    }

    @Test
    public void addedOnARunningServerWithFailADuplicateRefusesTheAddNamingTheOtherAndChangesNothing() throws Exception {
        KernelServices services = boot();
        OtherProcess other = holding(dir);
        ModelNode before = services.readWholeModel();

        String failure = assertFailed(services.executeOperation(addGuard("fail", dir.toString())));

        assertTrue(failure, failure.contains("VIGIL0408") && failure.contains("pid " + other.pid()) && failure.contains(dir.toString()));
        assertEquals(before, services.readWholeModel());
        other.kill();
        assertTrue("the refused add holds no lock", OtherProcess.canClaim(dir));
    }

    @Test
    public void addedOnARunningServerWithWarnADuplicateIsReportedAndTheGuardRuns() throws Exception {
        KernelServices services = boot();
        OtherProcess other = holding(dir);

        assertSuccess(services.executeOperation(addGuard("warn", dir.toString())));

        ModelNode guard = readGuard(services);
        assertTrue(guard.toString(), guard.get("duplicate-detected").asBoolean());
        assertEquals(other.pid(), guard.get("duplicates").get(0).get("pid").asLong());
    }

    @Test
    public void anAddRolledBackByALaterStepReleasesTheLocks() throws Exception {
        KernelServices services = boot();
        ModelNode composite = Util.createEmptyOperation(ModelDescriptionConstants.COMPOSITE, PathAddress.EMPTY_ADDRESS);
        // refused in the runtime stage, after the guard's own runtime step claimed the directory
        ModelNode dumpsIntoAFile = Util.createAddOperation(SUBSYSTEM.append("service", "heap-dumps"));
        dumpsIntoAFile.get("path").set(Files.writeString(dir.getParent().resolve(dir.getFileName() + ".file"), "x").toString());
        composite.get(ModelDescriptionConstants.STEPS).add(addGuard("fail", dir.toString())).add(dumpsIntoAFile);

        String failure = assertFailed(services.executeOperation(composite));

        assertTrue(failure, failure.contains("VIGIL0224"));

        assertTrue("the rolled-back add holds no lock", OtherProcess.canClaim(dir));
    }

    // boot

    /** Refused in the model stage of a boot, after the guard's own model step claimed the directories. */
    private static ModelNode watermarkOnAnUnknownPool() {
        ModelNode add = Util.createAddOperation(SUBSYSTEM.append("watermark", "bad"));
        add.get("pools").add("No Such Pool");
        return add;
    }

    @Test
    public void aBootThatFailsAfterTheGuardClaimedReleasesItsLocksForTheNextBoot() throws Exception {
        assertThrows(Exception.class, () -> boot(addGuard("fail", dir.toString()), watermarkOnAnUnknownPool()));
        assertTrue("the failed boot holds no lock", OtherProcess.canClaim(dir));

        KernelServices next = boot(addGuard("fail", dir.toString()));

        assertTrue(String.valueOf(next.getBootError()), next.isSuccessfulBoot());
        assertEquals(List.of(new ModelNode(dir.resolve(DirectoryLock.FILE).toString())), readGuard(next).get("lock-files").asList());
    }

    // bad input

    @Test
    public void aLockDirWithANulCharacterIsRefusedOnWriteNamingTheFieldAndChangesNothing() throws Exception {
        KernelServices services = boot(addGuard("fail", dir.toString()));
        assertTrue(String.valueOf(services.getBootError()), services.isSuccessfulBoot());
        ModelNode before = services.readWholeModel();

        String failure = assertFailed(services.executeOperation(Util.getWriteAttributeOperation(GUARD, "lock-dirs",
                new ModelNode().add(dir.toString()).add("/tmp/bad\0dir"))));

        assertTrue(failure, failure.contains("VIGIL0020") && failure.contains("lock-dirs=/tmp/bad\\0dir") && failure.contains("Allowed: absolute paths"));
        assertEquals(before, services.readWholeModel());
    }

    @Test
    public void aLockDirWithANulCharacterIsRefusedAtBootNamingTheFieldAndClaimsNothing() throws Exception {
        // XML cannot hold a NUL character, but an expression can resolve to one
        System.setProperty("vigil.test.nul.dir", "/tmp/bad\0dir");
        try {
            List<ModelNode> operations = parse("<subsystem xmlns=\"urn:vigil:1.0\"><instance-guard check-ports=\"false\" lock-dirs=\"" + dir
                    + " ${vigil.test.nul.dir}\"/></subsystem>");

            Exception e = assertThrows(Exception.class, () -> boot(operations.subList(1, operations.size()).toArray(ModelNode[]::new)));

            assertTrue(e.toString(), e.toString().contains("VIGIL0020: lock-dirs=/tmp/bad")
                    && e.toString().contains("dir is not allowed: it is not a valid path (Nul character not allowed)"));
            assertTrue("nothing was claimed", OtherProcess.canClaim(dir));
        } finally {
            System.clearProperty("vigil.test.nul.dir");
        }
    }
}
