package dev.vigil.management;

import org.jboss.as.controller.access.constraint.SensitivityClassification;
import org.jboss.as.controller.access.management.SensitiveTargetAccessConstraintDefinition;

/**
 * RBAC for heap dumps. A dump holds every secret the heap held, so whatever takes, downloads or deletes one, and
 * whatever decides where, how often or whether one is taken, needs a role that may change sensitive data
 * (Administrator, SuperUser). An admin can change either under
 * {@code core-service=management/access=authorization/constraint=sensitivity-classification/type=vigil/classification=...}.
 */
public final class DumpSensitivity {

    /** The operations dump-heap, read-dump and delete-dump: sensitive to read and to write. */
    public static final SensitiveTargetAccessConstraintDefinition HEAP_DUMP = new SensitiveTargetAccessConstraintDefinition(
            new SensitivityClassification(Descriptions.SUBSYSTEM, "heap-dump", false, true, true));

    /**
     * The attributes that lead to a dump (heap-dumps' path, relative-to, cooldown, ...; the action lists that may hold
     * dump-heap): anyone who may read the configuration reads them, only Administrator and SuperUser write them.
     */
    public static final SensitiveTargetAccessConstraintDefinition HEAP_DUMP_CONFIG = new SensitiveTargetAccessConstraintDefinition(
            new SensitivityClassification(Descriptions.SUBSYSTEM, "heap-dump-config", false, false, true));

    private DumpSensitivity() {
    }
}
