package dev.vigil.subsystem;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import org.jboss.dmr.ModelNode;

import dev.vigil.VigilLogger;

/**
 * The action {@code suspend}: suspends the server when a watermark asks and resumes it when the last watermark that
 * asked is NORMAL again. Vigil resumes only what it suspended: a server an admin suspended stays suspended (the
 * action does nothing then), and one an admin resumed meanwhile is left running. Plain Java over a small
 * {@link Server}, which the subsystem backs with WildFly's suspend controller; the test drives it with a fake.
 */
final class ServerSuspension {

    /** The server's suspend controller as the action uses it. */
    interface Server {
        /** RUNNING, PRE_SUSPEND, SUSPENDING or SUSPENDED. */
        String state();

        /** As {@code :suspend} does; returns at once, the server drains its requests on its own. */
        void suspend();

        void resume();
    }

    static final String RUNNING = "RUNNING";

    private Server server;
    /** The watermarks whose suspension holds, by name: the server is resumed when the last of them is NORMAL. */
    private final Set<String> holders = new TreeSet<>();
    private Instant since;

    /** The server's controller while the subsystem runs; null stops holding (a reload resumes the server anyway). */
    synchronized void server(Server controller) {
        this.server = controller;
        if (controller == null) {
            holders.clear();
            since = null;
        }
    }

    /** The action for watermark {@code watermark}'s rise. */
    synchronized void suspend(String watermark, Instant time) {
        if (server == null) {
            VigilLogger.ROOT_LOGGER.suspendNoController(watermark, "this process has no suspend controller (capability org.wildfly.server.suspend-controller)");
            return;
        }
        if (!holders.isEmpty()) {
            boolean added = holders.add(watermark);
            if (added) {
                VigilLogger.ROOT_LOGGER.suspendHeldAlready(watermark, String.join(", ", holders), since.toString());
            }
            return;
        }
        String state = server.state();
        if (!RUNNING.equals(state)) {
            VigilLogger.ROOT_LOGGER.suspendedBySomeoneElse(watermark, state);
            return;
        }
        server.suspend();
        holders.add(watermark);
        since = time;
        VigilLogger.ROOT_LOGGER.serverSuspended(watermark);
    }

    /** Watermark {@code watermark} is NORMAL again: resumes the server if it was the last holder of Vigil's suspension. */
    synchronized void release(String watermark) {
        if (!holders.remove(watermark)) {
            return;
        }
        if (!holders.isEmpty()) {
            VigilLogger.ROOT_LOGGER.notResumed(watermark, "its suspension is still held by watermark(s) " + String.join(", ", holders));
            return;
        }
        Instant suspendedAt = since;
        since = null;
        String state = server.state();
        if (RUNNING.equals(state)) {
            VigilLogger.ROOT_LOGGER.notResumed(watermark, "the server runs already: it was resumed by someone else since Vigil suspended it at " + suspendedAt);
            return;
        }
        server.resume();
        VigilLogger.ROOT_LOGGER.serverResumed(watermark, suspendedAt.toString());
    }

    /** For the health check: whether Vigil holds the server suspended, since when, for which watermarks; the server's state. */
    synchronized ModelNode standing() {
        ModelNode node = new ModelNode();
        node.get("held-by-vigil").set(!holders.isEmpty());
        ModelNode sinceNode = node.get("since");
        if (since != null) {
            sinceNode.set(since.toString());
        }
        ModelNode list = node.get("watermarks").setEmptyList();
        holders.forEach(list::add);
        ModelNode state = node.get("suspend-state");
        if (server != null) {
            state.set(server.state());
        }
        return node;
    }
}
