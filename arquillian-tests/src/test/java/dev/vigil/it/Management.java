package dev.vigil.it;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.ModelControllerClientConfiguration;
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
        this(address, ServerAddress.MANAGEMENT_PORT);
    }

    /** The resource on a server of the test's own, listening for management on the given port. */
    Management(ModelNode address, int managementPort) {
        this.address = address;
        try {
            client = ModelControllerClient.Factory.create("remote+http", ServerAddress.HOST, managementPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The resource as a real management user sees it: logged in with user name and password (DIGEST against
     * ManagementRealm), jboss-cli's local login refused as {@code --no-local-auth} does.
     */
    Management(ModelNode address, String user, String password) {
        this.address = address;
        client = ModelControllerClient.Factory.create(new ModelControllerClientConfiguration.Builder()
                .setProtocol("remote+http").setHostName(ServerAddress.HOST).setPort(ServerAddress.MANAGEMENT_PORT)
                .setSaslOptions(java.util.Map.of("SASL_DISALLOWED_MECHANISMS", "JBOSS-LOCAL-USER"))
                .setHandler(callbacks -> {
                    for (javax.security.auth.callback.Callback callback : callbacks) {
                        if (callback instanceof javax.security.auth.callback.NameCallback) {
                            ((javax.security.auth.callback.NameCallback) callback).setName(user);
                        } else if (callback instanceof javax.security.auth.callback.PasswordCallback) {
                            ((javax.security.auth.callback.PasswordCallback) callback).setPassword(password.toCharArray());
                        } else if (callback instanceof javax.security.sasl.RealmCallback) {
                            javax.security.sasl.RealmCallback realm = (javax.security.sasl.RealmCallback) callback;
                            realm.setText(realm.getDefaultText());
                        } else {
                            throw new javax.security.auth.callback.UnsupportedCallbackException(callback);
                        }
                    }
                })
                .build());
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

    /**
     * Reloads the server and returns once it runs again. The reload's own answer may be lost when the server closes
     * the connection first, so the server is watched instead: first out of "running" (or unreachable), then back.
     */
    void reload() {
        try {
            client.execute(Operations.createOperation("reload"));
        } catch (IOException closedBeforeAnswering) {
            // the server went down for the reload before its answer came back: what is awaited below
        }
        org.awaitility.Awaitility.await("the server leaves running for the reload").atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> !"running".equals(stateOrNull()));
        org.awaitility.Awaitility.await("the server runs again after the reload").atMost(java.time.Duration.ofSeconds(120))
                .pollInterval(java.time.Duration.ofMillis(250)).until(() -> "running".equals(stateOrNull()));
    }

    private String stateOrNull() {
        try {
            ModelNode response = client.execute(Operations.createReadAttributeOperation(new ModelNode().setEmptyList(), "server-state"));
            return Operations.isSuccessfulOutcome(response) ? Operations.readResult(response).asString() : null;
        } catch (IOException | RuntimeException unreachable) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
