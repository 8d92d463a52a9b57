package dev.vigil.management;

import org.jboss.as.controller.AttributeMarshaller;
import org.jboss.as.controller.AttributeParser;
import org.jboss.as.controller.StringListAttributeDefinition;
import org.jboss.as.controller.operations.validation.StringAllowedValuesValidator;
import org.jboss.dmr.ModelNode;

import dev.vigil.action.Action;

/** An attribute that lists the actions a cause runs: on-warning, on-critical, on-origin-warning. */
public final class ActionListAttribute {

    /** notify by default; RBAC-sensitive as dump configuration, since it may hold dump-heap. */
    public static StringListAttributeDefinition of(String name) {
        return of(name, Action.names());
    }

    /** Likewise for a cause that never ends (an origin warning): no {@code suspend}, which is resumed at the cause's end. */
    public static StringListAttributeDefinition withoutEnd(String name) {
        return of(name, Action.namesWithoutEnd());
    }

    private static StringListAttributeDefinition of(String name, java.util.List<String> allowed) {
        return new StringListAttributeDefinition.Builder(name)
                .setRequired(false)
                .setDefaultValue(new ModelNode().add(Action.NOTIFY.toString()))
                .setAllowExpression(true)
                .setElementValidator(new StringAllowedValuesValidator(allowed.toArray(String[]::new)))
                .setAttributeParser(AttributeParser.STRING_LIST)
                .setAttributeMarshaller(AttributeMarshaller.STRING_LIST)
                .addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG)
                .build();
    }

    private ActionListAttribute() {
    }
}
