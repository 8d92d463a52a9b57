package dev.vigil.it;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * One resource of the server through the native management API over HTTP upgrade, as jboss-cli reaches it
 * (local authentication: the tests run as the user who owns the server).
 */
class Management implements AutoCloseable {

    final ModelNode address;
    final ModelControllerClient client;

    Management(ModelNode address) {
        this.address = address;
        try {
            client = ModelControllerClient.Factory.create("remote+http", ServerAddress.HOST, ServerAddress.MANAGEMENT_PORT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs an operation and returns the whole response, outcome and failure-description included. */
    ModelNode execute(ModelNode operation) {
        try {
            return client.execute(operation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs an operation that must succeed and returns its result. */
    ModelNode result(ModelNode operation) {
        ModelNode response = execute(operation);
        if (!Operations.isSuccessfulOutcome(response)) {
            throw new AssertionError(operation + " failed: " + Operations.getFailureDescription(response));
        }
        return Operations.readResult(response);
    }

    ModelNode readAttribute(String name) {
        return result(Operations.createReadAttributeOperation(address, name));
    }

    /** The resource with its runtime attributes: a snapshot of every value at one instant. */
    ModelNode readResource() {
        ModelNode operation = Operations.createReadResourceOperation(address);
        operation.get("include-runtime").set(true);
        return result(operation);
    }

    /** Returns the whole response: callers check the outcome, since some writes are meant to fail. */
    ModelNode writeAttribute(String name, ModelNode value) {
        return execute(Operations.createWriteAttributeOperation(address, name, value));
    }

    /** The server's own state: "running", or "reload-required"/"restart-required" after an unsafe change. */
    String serverState() {
        return result(Operations.createReadAttributeOperation(new ModelNode().setEmptyList(), "server-state")).asString();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
