package dev.vigil.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With WildFly's RBAC on, heap dumps are sensitive (classification vigil/heap-dump): roles that may not see secrets
 * list dumps but cannot take, read or delete them; and Vigil's runtime operations that change state need a role that
 * may change the runtime. The test's local user is SuperUser and acts as each role through
 * the {@code roles} operation header, as jboss-cli's {@code --headers={roles=...}} does.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RbacIT {

    private static final ModelNode AUTHORIZATION = Operations.createAddress("core-service", "management", "access", "authorization");
    private static HeapDumps dumps;
    private static String dump;
    private static ModelNode shippedMaxDumps;
    private static ModelNode shippedMinInterval;

    @BeforeAll
    static void turnRbacOn() {
        dumps = new HeapDumps();
        // The shared dump must outlive the dumps the tests take.
        shippedMaxDumps = dumps.readAttribute("max-dumps");
        dumps.restore("max-dumps", new ModelNode(100));
        // The tests take dumps as one role after another; min-interval has tests of its own.
        shippedMinInterval = dumps.readAttribute("min-interval");
        dumps.restore("min-interval", new ModelNode(0));
        dump = dumps.dumpHeap(true, false).get("file").asString();
        setProviderAndReload("rbac");
    }

    @AfterAll
    static void turnRbacOff() throws Exception {
        try {
            setProviderAndReload("simple");
            dumps.restore("max-dumps", shippedMaxDumps);
            dumps.restore("min-interval", shippedMinInterval);
        } finally {
            dumps.close();
        }
    }

    @Test
    void rolesThatMayNotSeeSecretsListDumpsButCannotTakeReadOrDeleteThem() {
        for (String role : List.of("Monitor", "Operator", "Maintainer", "Deployer")) {
            ModelNode list = dumps.execute(as(role, Operations.createOperation("list-dumps", HeapDumps.ADDRESS)));
            assertTrue(Operations.isSuccessfulOutcome(list), role + " lists dumps: " + list);
            for (ModelNode operation : List.of(dumps.dumpHeapOperation(true, false), dumps.nameOperation("read-dump", dump),
                    dumps.nameOperation("delete-dump", dump))) {
                ModelNode response = dumps.execute(as(role, operation));
                assertAll(role + " " + operation.get("operation") + ": " + response,
                        () -> assertFalse(Operations.isSuccessfulOutcome(response), "refused"),
                        () -> assertTrue(Operations.getFailureDescription(response).asString().contains("WFLYCTL0332"), "permission denied"));
            }
        }
        assertTrue(dumps.listDumps().contains(dump), "nothing deleted");
    }

    @Test
    void anAdministratorTakesReadsAndDeletesDumps() {
        ModelNode taken = dumps.execute(as("Administrator", dumps.dumpHeapOperation(true, false)));
        assertTrue(Operations.isSuccessfulOutcome(taken), "dump-heap: " + taken);
        String file = Operations.readResult(taken).get("file").asString();

        ModelNode read = dumps.execute(as("Administrator", dumps.nameOperation("read-dump", file)));
        ModelNode deleted = dumps.execute(as("Administrator", dumps.nameOperation("delete-dump", file)));

        assertAll(() -> assertTrue(Operations.isSuccessfulOutcome(read), "read-dump: " + read),
                () -> assertTrue(Operations.isSuccessfulOutcome(deleted), "delete-dump: " + deleted),
                () -> assertFalse(dumps.listDumps().contains(file), "deleted"));
    }

    @Test
    void anAuditorReadsADumpButCannotTakeOrDeleteOne() {
        ModelNode read = dumps.execute(as("Auditor", dumps.nameOperation("read-dump", dump)));
        ModelNode taken = dumps.execute(as("Auditor", dumps.dumpHeapOperation(true, false)));
        ModelNode deleted = dumps.execute(as("Auditor", dumps.nameOperation("delete-dump", dump)));

        assertAll(() -> assertTrue(Operations.isSuccessfulOutcome(read), "read-dump: " + read),
                () -> assertTrue(Operations.getFailureDescription(taken).asString().contains("WFLYCTL0332"), "dump-heap: " + taken),
                () -> assertTrue(Operations.getFailureDescription(deleted).asString().contains("WFLYCTL0332"), "delete-dump: " + deleted));
    }

    @Test
    void aMonitorReadsAWatermarkButCannotResetItsPeak() {
        ModelNode read = dumps.execute(as("Monitor", Operations.createReadResourceOperation(WatermarkManagement.ADDRESS)));
        ModelNode reset = dumps.execute(as("Monitor", Operations.createOperation("reset-peak", WatermarkManagement.ADDRESS)));
        ModelNode resetByOperator = dumps.execute(as("Operator", Operations.createOperation("reset-peak", WatermarkManagement.ADDRESS)));

        assertAll(() -> assertTrue(Operations.isSuccessfulOutcome(read), "Monitor reads: " + read),
                () -> assertTrue(Operations.getFailureDescription(reset).asString().contains("WFLYCTL0332"), "Monitor reset-peak: " + reset),
                () -> assertTrue(Operations.isSuccessfulOutcome(resetByOperator), "Operator reset-peak: " + resetByOperator));
    }

    private static ModelNode as(String role, ModelNode operation) {
        ModelNode copy = operation.clone();
        copy.get("operation-headers", "roles").set(role);
        return copy;
    }

    private static void setProviderAndReload(String provider) {
        dumps.result(Operations.createWriteAttributeOperation(AUTHORIZATION, "provider", new ModelNode(provider)));
        dumps.reload();
    }
}
