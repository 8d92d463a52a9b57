package dev.vigil.subsystem;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import javax.management.ObjectName;

import org.jboss.as.controller.PathAddress;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.descriptions.ModelDescriptionConstants;
import org.jboss.as.controller.operations.common.Util;
import org.jboss.as.subsystem.test.AbstractSubsystemTest;
import org.jboss.as.subsystem.test.AdditionalInitialization;
import org.jboss.as.subsystem.test.ControllerInitializer;
import org.jboss.as.subsystem.test.KernelServices;
import org.jboss.dmr.ModelNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * heap-dumps' relative-to follows the server path it names: a change of that path moves the dumps at once, its
 * removal asks for a reload; a relative-to naming no path, or a path the file system refuses, is refused and changes
 * nothing. Runs the subsystem with its services and a real path manager; the directory is read
 * from Vigil's MBean.
 */
public class HeapDumpsPathTestCase extends AbstractSubsystemTest {

    private static final String PATH_NAME = "vigil.test.dir";
    private static final PathAddress DUMPS = PathAddress.pathAddress(PathElement.pathElement("subsystem", "vigil"), PathElement.pathElement("service", "heap-dumps"));
    private static final PathAddress PATH = PathAddress.pathAddress(PathElement.pathElement("path", PATH_NAME));

    private Path temp;
    private KernelServices services;

    public HeapDumpsPathTestCase() {
        super(VigilSubsystemRegistrar.REGISTRATION.getName(), new VigilExtension());
    }

    @Before
    public void boot() throws Exception {
        temp = Files.createTempDirectory("vigil-path-test");
        Path first = Files.createDirectory(temp.resolve("first"));
        AdditionalInitialization withPath = new StandaloneRuntime() {
            @Override
            protected void setupController(ControllerInitializer controllerInitializer) {
                super.setupController(controllerInitializer);
                controllerInitializer.addPath(PATH_NAME, first.toString(), null);
            }
        };
        services = createKernelServicesBuilder(withPath).setSubsystemXml("<subsystem xmlns=\"urn:vigil:1.0\"><heap-dumps path=\"dumps\" relative-to=\""
                + PATH_NAME + "\" on-out-of-memory=\"false\"/></subsystem>").build();
        assertTrue(String.valueOf(services.getBootError()), services.isSuccessfulBoot());
        assertEquals(first.resolve("dumps").toString(), directory());
    }

    @After
    public void shutdown() throws IOException {
        if (services != null) {
            services.shutdown();
        }
        try (Stream<Path> files = Files.walk(temp)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }

    private static String directory() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("vigil:type=HeapDumps"), "Directory");
    }

    private ModelNode execute(ModelNode operation) {
        return services.executeOperation(operation);
    }

    @Test
    public void badDumpPathsAreRefusedOnWriteAndChangeNothing() throws Exception {
        ModelNode before = services.readWholeModel();
        String directory = directory();

        assertWriteRefused("relative-to", new ModelNode("no.such.path"), "VIGIL0007: relative-to=no.such.path is not allowed: the server has no path named no.such.path");
        assertWriteRefused("path", new ModelNode("a\0b"), "VIGIL0006: path=a\\0b is not allowed: it holds a NUL character");

        assertEquals(before, services.readWholeModel());
        assertEquals(directory, directory());
    }

    @Test
    public void aDirectoryOthersMayWriteIsRefusedOnWriteAndChangesNothing() throws Exception {
        Path shared = Files.createDirectory(temp.resolve("shared"));
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        ModelNode before = services.readWholeModel();
        String directory = directory();

        assertWriteRefused("path", new ModelNode(shared.toString()), "VIGIL0270: The heap dump directory " + shared + " is not safe for heap dumps: it is owned by "
                + System.getProperty("user.name") + " with mode rwxrwxrwx");

        assertEquals(before, services.readWholeModel());
        assertEquals(directory, directory());
    }

    private void assertWriteRefused(String attribute, ModelNode value, String expected) {
        ModelNode result = execute(Util.getWriteAttributeOperation(DUMPS, attribute, value));
        assertEquals(result.toString(), ModelDescriptionConstants.FAILED, result.get(ModelDescriptionConstants.OUTCOME).asString());
        String message = result.get(ModelDescriptionConstants.FAILURE_DESCRIPTION).asString();
        assertTrue("'" + expected + "' in: " + message, message.contains(expected));
    }

    @Test
    public void aChangedPathMovesTheDumpsAtOnce() throws Exception {
        Path second = Files.createDirectory(temp.resolve("second"));

        ModelNode result = execute(Util.getWriteAttributeOperation(PATH, "path", new ModelNode(second.toString())));

        assertEquals(result.toString(), ModelDescriptionConstants.SUCCESS, result.get(ModelDescriptionConstants.OUTCOME).asString());
        assertEquals(second.resolve("dumps").toString(), directory());
        assertTrue("created owner-only", Files.isDirectory(second.resolve("dumps")));
    }

    @Test
    public void removingThePathAsksForAReloadAndKeepsTheDumpsWhereTheyAre() throws Exception {
        String before = directory();

        ModelNode result = execute(Util.createRemoveOperation(PATH));

        assertEquals(result.toString(), ModelDescriptionConstants.SUCCESS, result.get(ModelDescriptionConstants.OUTCOME).asString());
        assertTrue("reload required: " + result,
                result.get(ModelDescriptionConstants.RESPONSE_HEADERS, ModelDescriptionConstants.OPERATION_REQUIRES_RELOAD).asBoolean(false));
        assertEquals(before, directory());
    }
}
