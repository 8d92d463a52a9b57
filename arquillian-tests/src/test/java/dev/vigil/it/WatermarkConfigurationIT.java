package dev.vigil.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Writing the heap watermark's configuration on a running server: bad values are refused with a message that
 * names them and change nothing; good ones apply at once, without reload. The running watermark's own view (its
 * MBean) is checked too, since the model alone could agree while the watermark kept the old settings.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WatermarkConfigurationIT {

    private static final ObjectName WATERMARK = RemoteJmx.name(ServerAddress.WATERMARK_MBEAN);

    private static WatermarkManagement management;
    private static JMXConnector jmx;
    private static MBeanServerConnection mbeans;

    @BeforeAll
    static void connect() throws IOException {
        management = new WatermarkManagement();
        jmx = RemoteJmx.connect();
        mbeans = jmx.getMBeanServerConnection();
    }

    @AfterAll
    static void disconnect() throws Exception {
        try {
            jmx.close();
        } finally {
            management.close();
        }
    }

    @Test
    void warningAtOrAboveCriticalIsRefusedNamingWarningValueAndCritical() throws Exception {
        ModelNode response = management.writeAttribute("warning", new ModelNode(90));

        assertFalse(Operations.isSuccessfulOutcome(response), "write-attribute(warning=90) with critical=85 succeeded: " + response);
        String message = Operations.getFailureDescription(response).asString();
        System.out.println("write-attribute(name=warning, value=90) failed: " + message);
        assertAll("failure-description: " + message,
                () -> assertTrue(message.contains("VIGIL0"), "Vigil's message id"),
                () -> assertTrue(message.contains("warning"), "names warning"),
                () -> assertTrue(message.contains("90"), "names the value"),
                () -> assertTrue(message.contains("critical"), "names critical"),
                () -> assertTrue(message.contains("85"), "names critical's value"));
        assertAll("nothing changed",
                () -> assertEquals(70, management.readAttribute("warning").asInt(), "read-attribute(name=warning)"),
                () -> assertEquals(70, mbeans.getAttribute(WATERMARK, "Warning"), "the running watermark's Warning"),
                () -> assertEquals("running", management.serverState(), "server-state"));
    }

    @Test
    void unknownPoolIsRefusedListingTheJvmsPools() throws Exception {
        ModelNode response = management.writeAttribute("pools", new ModelNode().add("No Such Pool"));

        assertFalse(Operations.isSuccessfulOutcome(response), "write-attribute(pools=[\"No Such Pool\"]) succeeded: " + response);
        String message = Operations.getFailureDescription(response).asString();
        System.out.println("write-attribute(name=pools, value=[\"No Such Pool\"]) failed: " + message);
        assertAll("failure-description: " + message,
                () -> assertTrue(message.contains("VIGIL0"), "Vigil's message id"),
                () -> assertTrue(message.contains("No Such Pool"), "names the unknown pool"),
                () -> assertTrue(message.contains("G1 Old Gen"), "lists the JVM's pools (G1 Old Gen)"),
                () -> assertTrue(message.contains("G1 Eden Space"), "lists the JVM's pools (G1 Eden Space)"));
        assertAll("nothing changed",
                () -> assertEquals(new ModelNode().add("heap"), management.readAttribute("pools"), "read-attribute(name=pools)"),
                () -> assertArrayEquals(new String[] { "heap" }, (String[]) mbeans.getAttribute(WATERMARK, "Pools"), "the running watermark's Pools"),
                () -> assertEquals("running", management.serverState(), "server-state"));
    }

    @Test
    void warningWrittenLiveTakesEffectWithoutReload() throws Exception {
        try {
            ModelNode response = management.writeAttribute("warning", new ModelNode(60));

            assertTrue(Operations.isSuccessfulOutcome(response), "write-attribute(warning=60): " + response);
            assertAll("applied live",
                    () -> assertFalse(response.hasDefined("response-headers", "operation-requires-reload"), "no reload asked: " + response),
                    () -> assertFalse(response.hasDefined("response-headers", "process-state"), "no process-state change: " + response),
                    () -> assertEquals("running", management.serverState(), "server-state"),
                    () -> assertEquals(60, management.readAttribute("warning").asInt(), "read-attribute(name=warning)"),
                    () -> assertEquals(60, mbeans.getAttribute(WATERMARK, "Warning"), "the running watermark's Warning"));
        } finally {
            ModelNode restore = management.writeAttribute("warning", new ModelNode(70));
            assertTrue(Operations.isSuccessfulOutcome(restore), "restoring warning=70: " + restore);
        }
        assertEquals(70, mbeans.getAttribute(WATERMARK, "Warning"), "restored");
    }
}
