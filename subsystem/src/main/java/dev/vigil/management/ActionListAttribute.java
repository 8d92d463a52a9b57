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
        return new StringListAttributeDefinition.Builder(name)
                .setRequired(false)
                .setDefaultValue(new ModelNode().add(Action.NOTIFY.toString()))
                .setAllowExpression(true)
                .setElementValidator(new StringAllowedValuesValidator(Action.names().toArray(String[]::new)))
                .setAttributeParser(AttributeParser.STRING_LIST)
                .setAttributeMarshaller(AttributeMarshaller.STRING_LIST)
                .addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG)
                .build();
    }

    private ActionListAttribute() {
    }
}
