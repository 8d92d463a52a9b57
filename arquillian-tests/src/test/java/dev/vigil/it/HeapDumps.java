package dev.vigil.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.jboss.as.controller.client.OperationBuilder;
import org.jboss.as.controller.client.OperationMessageHandler;
import org.jboss.as.controller.client.OperationResponse;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import dev.vigil.it.evidence.Evidence;
import dev.vigil.it.evidence.EvidenceServlet;

/** /subsystem=vigil/service=heap-dumps through the management API, and the directory it writes to. */
final class HeapDumps extends Management {

    static final ModelNode ADDRESS = Operations.createAddress("subsystem", "vigil", "service", "heap-dumps");
    static final String MBEAN = "vigil:type=HeapDumps";
    static final String EVIDENCE_WAR = "evidence.war";
    static final String EVIDENCE_CLASS = Evidence.class.getName();

    HeapDumps() {
        super(ADDRESS);
    }

    /** On a server the test started itself. */
    HeapDumps(int managementPort) {
        super(ADDRESS, managementPort);
    }

    /** As a real management user (see {@link ManagementUsers}). */
    HeapDumps(String user, String password) {
        super(ADDRESS, user, password);
    }

    /** At another address on a server the test started itself: a managed server's, through its domain controller. */
    HeapDumps(ModelNode address, int managementPort) {
        super(address, managementPort);
    }

    static WebArchive evidenceDeployment() {
        return ShrinkWrap.create(WebArchive.class, EVIDENCE_WAR).addClasses(Evidence.class, EvidenceServlet.class);
    }

    /** Where the shipped configuration puts dumps: jboss.server.data.dir/vigil/heap-dumps. */
    static Path directory() {
        return ServerAddress.jbossHome().resolve("standalone/data/vigil/heap-dumps");
    }

    ModelNode dumpHeapOperation(Boolean live, Boolean compress) {
        ModelNode operation = Operations.createOperation("dump-heap", address);
        if (live != null) {
            operation.get("live").set(live);
        }
        if (compress != null) {
            operation.get("compress").set(compress);
        }
        return operation;
    }

    /**
     * dump-heap: the dump written (file, trigger, started, duration-ms, size-bytes). A dump refused for min-interval
     * (VIGIL0230: another test class's dump ended less than min-interval ago) is asked for again until it is allowed.
     */
    ModelNode dumpHeap(Boolean live, Boolean compress) {
        ModelNode response = await("dump-heap allowed by min-interval").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> execute(dumpHeapOperation(live, compress)),
                        answer -> Operations.isSuccessfulOutcome(answer) || !Operations.getFailureDescription(answer).asString().contains("VIGIL0230"));
        if (!Operations.isSuccessfulOutcome(response)) {
            throw new AssertionError("dump-heap failed: " + Operations.getFailureDescription(response));
        }
        return Operations.readResult(response);
    }

    /** list-dumps' heap dumps (kind heap-dump), oldest first. */
    List<String> listDumps() {
        return result(Operations.createOperation("list-dumps", address)).asList().stream()
                .filter(dump -> dump.get("kind").asString().equals("heap-dump"))
                .map(dump -> dump.get("file").asString()).collect(Collectors.toList());
    }

    /** Every list-dumps entry (heap dumps, lone histograms and censuses), oldest first. */
    List<ModelNode> listEntries() {
        return result(Operations.createOperation("list-dumps", address)).asList();
    }

    ModelNode nameOperation(String operationName, String name) {
        ModelNode operation = Operations.createOperation(operationName, address);
        operation.get("name").set(name);
        return operation;
    }

    /** read-dump: the bytes the server streams back, saved to {@code target}. */
    void readDump(String name, Path target) {
        try (OperationResponse response = client.executeOperation(OperationBuilder.create(nameOperation("read-dump", name)).build(),
                OperationMessageHandler.DISCARD)) {
            ModelNode outcome = response.getResponseNode();
            if (!Operations.isSuccessfulOutcome(outcome)) {
                throw new AssertionError("read-dump(name=" + name + ") failed: " + Operations.getFailureDescription(outcome));
            }
            String uuid = Operations.readResult(outcome).asString();
            try (InputStream stream = response.getInputStream(uuid).getStream()) {
                Files.copy(stream, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores a configuration attribute to what the shipped configuration has. */
    void restore(String attribute, ModelNode value) {
        ModelNode response = writeAttribute(attribute, value);
        if (!Operations.isSuccessfulOutcome(response)) {
            throw new AssertionError("could not restore " + attribute + "=" + value + ": " + Operations.getFailureDescription(response));
        }
    }
}
