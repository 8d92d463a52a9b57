package dev.vigil.it;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/** /subsystem=vigil/watermark=heap through the management API, as jboss-cli reaches it. */
final class WatermarkManagement extends Management {

    static final ModelNode ADDRESS = Operations.createAddress("subsystem", "vigil", "watermark", ServerAddress.WATERMARK);

    WatermarkManagement() {
        super(ADDRESS);
    }

    /** The watermark of a server the test started itself. */
    WatermarkManagement(int managementPort) {
        super(ADDRESS, managementPort);
    }

    String state() {
        return readAttribute("state").asString();
    }

    void resetPeak() {
        result(Operations.createOperation("reset-peak", ADDRESS));
    }
}
