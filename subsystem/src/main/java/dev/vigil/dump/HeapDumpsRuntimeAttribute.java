package dev.vigil.dump;


import static dev.vigil.management.RuntimeMetrics.counter;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.ObjectTypeAttributeDefinition;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.StringListAttributeDefinition;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.subsystem.resource.executor.Metric;

/** The heap-dumps resource's runtime values: read-only, live; the counters are metrics. */
enum HeapDumpsRuntimeAttribute implements Metric<PathFollowingDumps> {
    DUMPS_TAKEN(counter("dumps-taken")) {
        @Override
        ModelNode read(HeapDumpService service) {
            return new ModelNode(service.dumper().dumpsTaken());
        }
    },
    /** Requests the rules refused: busy, cooldown, min-interval, disk; manual (dump-heap, JMX) and triggered alike. */
    DUMPS_REFUSED(counter("dumps-refused")) {
        @Override
        ModelNode read(HeapDumpService service) {
            return new ModelNode(service.dumper().dumpsRefused());
        }
    },
    /** Dumps begun that did not complete (the directory, the JVM or the file system failed). */
    DUMPS_FAILED(counter("dumps-failed")) {
        @Override
        ModelNode read(HeapDumpService service) {
            return new ModelNode(service.dumper().dumpsFailed());
        }
    },
    /** Each histogram is a full collection (live=true): counted, so that a forced GC per trigger shows. */
    HISTOGRAMS_TAKEN(counter("histograms-taken")) {
        @Override
        ModelNode read(HeapDumpService service) {
            return new ModelNode(service.histogramsTaken());
        }
    },
    IN_PROGRESS(InProgressModel.DEFINITION) {
        @Override
        ModelNode read(HeapDumpService service) {
            HeapDumper.InProgress now = service.dumper().inProgress();
            return now != null ? InProgressModel.toModel(now) : new ModelNode();
        }
    },
    LAST_DUMP(DumpModel.LAST_DUMP) {
        @Override
        ModelNode read(HeapDumpService service) {
            HeapDump last = service.dumper().lastDump();
            return last != null ? DumpModel.toModel(last) : new ModelNode();
        }
    },
    DUMPS(new StringListAttributeDefinition.Builder("dumps").setRequired(false).setStorageRuntime().build()) {
        @Override
        ModelNode read(HeapDumpService service) throws OperationFailedException {
            ModelNode names = new ModelNode().setEmptyList();
            for (DumpFile dump : HeapDumpsOperation.list(service)) {
                if (dump.kind().equals(DumpDirectory.KIND_HEAP_DUMP)) {
                    names.add(dump.name());
                }
            }
            return names;
        }
    },
    ;

    private final AttributeDefinition definition;

    HeapDumpsRuntimeAttribute(AttributeDefinition definition) {
        this.definition = definition;
    }

    @Override
    public AttributeDefinition get() {
        return definition;
    }

    @Override
    public ModelNode execute(PathFollowingDumps dumps) throws OperationFailedException {
        return read(dumps.service());
    }

    abstract ModelNode read(HeapDumpService service) throws OperationFailedException;

    /** in-progress: who asked for the dump being written, since when, into which file. */
    static final class InProgressModel {
        static final SimpleAttributeDefinition REQUESTED_BY = DumpModel.field("requested-by", ModelType.STRING, null);
        static final SimpleAttributeDefinition SINCE = DumpModel.field("since", ModelType.STRING, null);
        static final SimpleAttributeDefinition FILE = DumpModel.field("file", ModelType.STRING, null);
        static final ObjectTypeAttributeDefinition DEFINITION = new ObjectTypeAttributeDefinition.Builder("in-progress", REQUESTED_BY, SINCE, FILE)
                .setRequired(false).setStorageRuntime().build();

        static ModelNode toModel(HeapDumper.InProgress now) {
            ModelNode node = new ModelNode();
            node.get(REQUESTED_BY.getName()).set(now.requestedBy());
            node.get(SINCE.getName()).set(now.since().toString());
            node.get(FILE.getName()).set(now.file());
            return node;
        }

        private InProgressModel() {
        }
    }

    /** A dump as the management model shows it (last-dump, dump-heap's result, list-dumps' entries). */
    static final class DumpModel {
        static final SimpleAttributeDefinition FILE = field("file", ModelType.STRING, null);
        static final SimpleAttributeDefinition KIND = field("kind", ModelType.STRING, null);
        static final SimpleAttributeDefinition TRIGGER = field("trigger", ModelType.STRING, null);
        static final SimpleAttributeDefinition STARTED = field("started", ModelType.STRING, null);
        static final SimpleAttributeDefinition DURATION = field("duration-ms", ModelType.LONG, MeasurementUnit.MILLISECONDS);
        static final SimpleAttributeDefinition SIZE = field("size-bytes", ModelType.LONG, MeasurementUnit.BYTES);
        static final SimpleAttributeDefinition ANALYSIS = field("analysis", ModelType.STRING, null);
        static final SimpleAttributeDefinition REPORT = field("report", ModelType.STRING, null);
        static final SimpleAttributeDefinition SUSPECT = field("suspect", ModelType.STRING, null);
        static final ObjectTypeAttributeDefinition LAST_DUMP = new ObjectTypeAttributeDefinition.Builder("last-dump", FILE, TRIGGER, STARTED, DURATION, SIZE)
                .setRequired(false).setStorageRuntime().build();

        static SimpleAttributeDefinition field(String name, ModelType type, MeasurementUnit unit) {
            SimpleAttributeDefinitionBuilder builder = new SimpleAttributeDefinitionBuilder(name, type).setRequired(false);
            if (unit != null) {
                builder.setMeasurementUnit(unit);
            }
            return builder.build();
        }

        static ModelNode toModel(HeapDump dump) {
            return toModel(dump.file(), dump.trigger(), dump.started(), dump.durationMillis(), dump.sizeBytes());
        }

        /**
         * A file in the directory, with its kind: what its metadata says, or the file's own time and duration-ms -1
         * without any.
         */
        static ModelNode toModel(DumpFile dump) {
            ModelNode node = toModel(dump.name(), dump.trigger(), dump.started(), dump.durationMillis(), dump.sizeBytes());
            node.get(KIND.getName()).set(dump.kind());
            if (dump.analysis() != null) {
                node.get(ANALYSIS.getName()).set(dump.analysis());
            }
            if (dump.report() != null) {
                node.get(REPORT.getName()).set(dump.report());
            }
            if (dump.suspect() != null) {
                node.get(SUSPECT.getName()).set(dump.suspect());
            }
            return node;
        }

        private static ModelNode toModel(String file, String trigger, java.time.Instant started, long durationMillis, long sizeBytes) {
            ModelNode node = new ModelNode();
            node.get(FILE.getName()).set(file);
            node.get(TRIGGER.getName()).set(trigger);
            node.get(STARTED.getName()).set(started.toString());
            node.get(DURATION.getName()).set(durationMillis);
            node.get(SIZE.getName()).set(sizeBytes);
            return node;
        }

        private DumpModel() {
        }
    }

}
