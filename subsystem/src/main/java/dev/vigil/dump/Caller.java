package dev.vigil.dump;

import org.jboss.dmr.ModelNode;

/**
 * Who asked for a dump, a download or a deletion, for the log and the dump's note: the identity's name, and how and
 * from where it came when that is known.
 *
 * @param name    the management identity's name (e.g. {@code admin}; {@code $local} for jboss-cli's local login);
 *                {@code anonymous} when the request carried none
 * @param access  how the request came: {@code HTTP}, {@code NATIVE}, {@code JMX}, {@code in-VM}; null if unknown
 * @param address the client's address; null if unknown (in-VM)
 */
public record Caller(String name, String access, String address) {

    public static final String ANONYMOUS = "anonymous";

    public Caller {
        name = name == null || name.isEmpty() ? ANONYMOUS : name;
    }

    /** e.g. {@code admin (HTTP from 127.0.0.1)}. */
    @Override
    public String toString() {
        if (access == null && address == null) {
            return name;
        }
        return name + " (" + (access != null ? access : "unknown access") + (address != null ? " from " + address : "") + ")";
    }

    ModelNode toModel() {
        ModelNode node = new ModelNode();
        node.get("name").set(name);
        if (access != null) {
            node.get("access").set(access);
        }
        if (address != null) {
            node.get("address").set(address);
        }
        return node;
    }
}
