package dev.vigil.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * Real management users of the shared server, one per RBAC role, as {@code bin/add-user.sh} and
 * {@code role-mapping=ROLE/include=USER} make them: in ManagementRealm's properties file (read at the next reload)
 * and mapped to their role. {@link #remove} puts both back as they were.
 */
final class ManagementUsers {

    static final String PASSWORD = "Vigil-test-1!";
    private static final ModelNode ROLE_MAPPING = Operations.createAddress("core-service", "management", "access", "authorization");

    private final Management management;
    private final Path file = ServerAddress.jbossHome().resolve("standalone/configuration/mgmt-users.properties");
    private final String original;
    private final List<ModelNode> added = new ArrayList<>();

    ManagementUsers(Management management) {
        this.management = management;
        try {
            original = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The user of a role: {@code vigil-maintainer} for Maintainer. */
    static String user(String role) {
        return "vigil-" + role.toLowerCase(java.util.Locale.ROOT);
    }

    /** Adds a user for each role; they can log in after the next reload. */
    void add(List<String> roles) {
        StringBuilder lines = new StringBuilder(original.endsWith("\n") ? original : original + "\n");
        for (String role : roles) {
            lines.append(user(role)).append('=').append(hash(user(role))).append('\n');
            List<ModelNode> mapped = mapToRole(management, user(role), role);
            added.add(0, mapped.get(mapped.size() - 1));
            added.addAll(mapped.subList(0, mapped.size() - 1));
        }
        write(lines.toString());
    }

    /**
     * Maps a user to an RBAC role ({@code role-mapping=ROLE/include=USER}), adding the role's mapping first if the
     * server has none. Returns what it added, the include last.
     */
    static List<ModelNode> mapToRole(Management management, String user, String role) {
        List<ModelNode> added = new ArrayList<>();
        ModelNode mapping = ROLE_MAPPING.clone().add("role-mapping", role);
        if (!Operations.isSuccessfulOutcome(management.execute(Operations.createReadResourceOperation(mapping)))) {
            management.result(Operations.createAddOperation(mapping));
            added.add(mapping);
        }
        ModelNode include = mapping.clone().add("include", user);
        ModelNode add = Operations.createAddOperation(include);
        add.get("name").set(user);
        add.get("type").set("USER");
        management.result(add);
        added.add(include);
        return added;
    }

    /** Removes the users and their role mappings. */
    void remove() {
        for (ModelNode address : added) {
            management.execute(Operations.createRemoveOperation(address));
        }
        write(original);
    }

    private void write(String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HEX(MD5(user:ManagementRealm:password)), as add-user.sh writes it. */
    private static String hash(String user) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest((user + ":ManagementRealm:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
