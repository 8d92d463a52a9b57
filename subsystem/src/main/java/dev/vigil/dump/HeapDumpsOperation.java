package dev.vigil.dump;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;

import org.jboss.as.controller.AccessAuditContext;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationDefinition;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.SimpleOperationDefinitionBuilder;
import org.jboss.as.controller.operations.validation.StringLengthValidator;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.security.auth.server.SecurityIdentity;

import dev.vigil.dump.HeapDumpsRuntimeAttribute.DumpModel;
import dev.vigil.management.DumpSensitivity;
import dev.vigil.management.ServiceOperation;

/**
 * The heap-dumps resource's operations. Callers never pass a path: {@code delete-dump} and {@code read-dump} take a
 * name that {@code list-dumps} shows, and nothing else.
 */
enum HeapDumpsOperation implements ServiceOperation<PathFollowingDumps> {
    /** Writes a dump now and returns it (file, trigger, started, duration-ms, size-bytes). */
    DUMP_HEAP(new SimpleOperationDefinitionBuilder("dump-heap", HeapDumpsResourceRegistrar.RESOLVER)
            .setParameters(Parameters.LIVE, Parameters.COMPRESS)
            .setReplyType(ModelType.OBJECT)
            .setReplyParameters(DumpModel.FILE, DumpModel.TRIGGER, DumpModel.STARTED, DumpModel.DURATION, DumpModel.SIZE)
            .setAccessConstraints(DumpSensitivity.HEAP_DUMP)
            .setRuntimeOnly()
            .build()) {
        @Override
        void check(OperationContext context, ModelNode operation, HeapDumpService service) throws OperationFailedException {
            ModelNode compress = Parameters.COMPRESS.resolveModelAttribute(context, operation);
            try {
                service.refuseDumpHeap(caller(context), VIA_DUMP_HEAP, compress.isDefined() ? compress.asBoolean() : service.dumper().settings().compress());
            } catch (HeapDumpException e) {
                throw new OperationFailedException(e.getMessage());
            }
        }

        @Override
        ModelNode run(OperationContext context, ModelNode operation, HeapDumpService service) throws OperationFailedException {
            HeapDumpSettings settings = service.dumper().settings();
            ModelNode live = Parameters.LIVE.resolveModelAttribute(context, operation);
            ModelNode compress = Parameters.COMPRESS.resolveModelAttribute(context, operation);
            try {
                HeapDump dump = service.dumpHeap(caller(context), VIA_DUMP_HEAP,
                        live.isDefined() ? live.asBoolean() : settings.live(), compress.isDefined() ? compress.asBoolean() : settings.compress());
                return DumpModel.toModel(dump);
            } catch (HeapDumpException e) {
                throw new OperationFailedException(e.getMessage());
            }
        }
    },
    /** The files in the directory, oldest first, each with its kind: dumps (Vigil's and the JVM's own), lone histograms and censuses. */
    LIST_DUMPS(new SimpleOperationDefinitionBuilder("list-dumps", HeapDumpsResourceRegistrar.RESOLVER)
            .setReplyType(ModelType.LIST)
            .setReplyValueType(ModelType.OBJECT)
            .setReadOnly()
            .setRuntimeOnly()
            .build()) {
        @Override
        ModelNode run(OperationContext context, ModelNode operation, HeapDumpService service) throws OperationFailedException {
            ModelNode list = new ModelNode().setEmptyList();
            for (DumpFile dump : list(service)) {
                list.add(DumpModel.toModel(dump));
            }
            return list;
        }
    },
    /** Deletes a listed file: a dump with the files beside it (metadata, histogram, census), or a lone histogram or census; returns their names. */
    DELETE_DUMP(new SimpleOperationDefinitionBuilder("delete-dump", HeapDumpsResourceRegistrar.RESOLVER)
            .setParameters(Parameters.NAME)
            .setReplyType(ModelType.LIST)
            .setReplyValueType(ModelType.STRING)
            .setAccessConstraints(DumpSensitivity.HEAP_DUMP)
            .setRuntimeOnly()
            .build()) {
        @Override
        void check(OperationContext context, ModelNode operation, HeapDumpService service) throws OperationFailedException {
            onNamedFile(context, operation, "deleted", name -> service.dumper().directory().listed(name));
        }

        @Override
        ModelNode run(OperationContext context, ModelNode operation, HeapDumpService service) throws OperationFailedException {
            return onNamedFile(context, operation, "deleted", name -> {
                ModelNode deleted = new ModelNode().setEmptyList();
                service.delete(name, caller(context), "the management operation delete-dump").forEach(deleted::add);
                return deleted;
            });
        }
    },
    /**
     * Streams a listed dump to the client as an operation response stream; the result is the stream's id
     * ({@code attachment save --operation=...:read-dump(name=...) --file=...} in jboss-cli).
     */
    READ_DUMP(new SimpleOperationDefinitionBuilder("read-dump", HeapDumpsResourceRegistrar.RESOLVER)
            .setParameters(Parameters.NAME)
            .setReplyType(ModelType.STRING)
            .setAccessConstraints(DumpSensitivity.HEAP_DUMP)
            .setRuntimeOnly()
            .build()) { // a download needs what taking a dump needs: it hands over the same secrets
        @Override
        void check(OperationContext context, ModelNode operation, HeapDumpService service) throws OperationFailedException {
            onNamedFile(context, operation, "read", service::file);
        }

        @Override
        ModelNode run(OperationContext context, ModelNode operation, HeapDumpService service) throws OperationFailedException {
            return onNamedFile(context, operation, "read", name -> {
                InputStream stream = service.download(name, caller(context), "the management operation read-dump");
                String uuid = UUID.randomUUID().toString();
                context.attachResultStream(uuid, name.endsWith(DumpDirectory.GZIP) ? "application/gzip" : "application/octet-stream", stream);
                return new ModelNode(uuid);
            });
        }
    },
    ;

    private static final String VIA_DUMP_HEAP = "the management operation dump-heap";

    private final OperationDefinition definition;

    HeapDumpsOperation(OperationDefinition definition) {
        this.definition = definition;
    }

    @Override
    public OperationDefinition getOperationDefinition() {
        return definition;
    }

    @Override
    public void refuse(OperationContext context, ModelNode operation, PathFollowingDumps dumps) throws OperationFailedException {
        check(context, operation, dumps.service());
    }

    @Override
    public ModelNode execute(OperationContext context, ModelNode operation, PathFollowingDumps dumps) throws OperationFailedException {
        return run(context, operation, dumps.service());
    }

    /**
     * Refuses, in the MODEL stage, a request that cannot succeed (a name not listed, busy, min-interval, no room), so
     * that a refusal is not logged as a server error. The RUNTIME stage checks again: things change in between.
     */
    void check(OperationContext context, ModelNode operation, HeapDumpService service) throws OperationFailedException {
    }

    abstract ModelNode run(OperationContext context, ModelNode operation, HeapDumpService service) throws OperationFailedException;

    /** Who runs the operation: the management identity, and how and from where it came (HTTP, NATIVE, JMX; the client's address). */
    static Caller caller(OperationContext context) {
        SecurityIdentity identity = context.getSecurityIdentity();
        AccessAuditContext audit = AccessAuditContext.currentAccessAuditContext();
        InetAddress address = audit != null ? audit.getRemoteAddress() : null;
        return new Caller(identity != null ? identity.getPrincipal().getName() : null,
                audit != null && audit.getAccessMechanism() != null ? audit.getAccessMechanism().toString() : null,
                address != null ? address.getHostAddress() : null);
    }

    /** What an operation does with the file its {@code name} parameter names. */
    @FunctionalInterface
    private interface OnFile<R> {
        R apply(String name) throws HeapDumpException, IOException;
    }

    /** Runs {@code action} on the named file; a refusal (not listed, a link) or an I/O error fails the operation with its reason. */
    private static <R> R onNamedFile(OperationContext context, ModelNode operation, String verb, OnFile<R> action) throws OperationFailedException {
        String name = Parameters.NAME.resolveModelAttribute(context, operation).asString();
        try {
            return action.apply(name);
        } catch (HeapDumpException e) {
            throw new OperationFailedException(e.getMessage());
        } catch (IOException e) {
            throw new OperationFailedException(name + " could not be " + verb + ": " + e);
        }
    }

    static List<DumpFile> list(HeapDumpService service) throws OperationFailedException {
        try {
            return service.list();
        } catch (IOException e) {
            throw new OperationFailedException("Cannot list " + service.dumper().directory().path() + ": " + e);
        }
    }

    private static final class Parameters {
        static final SimpleAttributeDefinition LIVE = new SimpleAttributeDefinitionBuilder("live", ModelType.BOOLEAN).setRequired(false).build();
        static final SimpleAttributeDefinition COMPRESS = new SimpleAttributeDefinitionBuilder("compress", ModelType.BOOLEAN).setRequired(false).build();
        static final SimpleAttributeDefinition NAME = new SimpleAttributeDefinitionBuilder("name", ModelType.STRING)
                .setValidator(new StringLengthValidator(1)).build();
    }
}
