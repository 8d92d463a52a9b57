package dev.vigil.suspect;

import javax.management.JMException;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.ObjectListAttributeDefinition;
import org.jboss.as.controller.ObjectTypeAttributeDefinition;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationDefinition;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.SimpleOperationDefinitionBuilder;
import org.jboss.as.controller.operations.validation.ParameterValidator;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

import dev.vigil.management.Descriptions;
import dev.vigil.management.ServiceOperation;

/**
 * {@code /subsystem=vigil:leak-suspects(top)}. Read-only: it shows class names and counts, no heap contents, and forces
 * no collection (a histogram of all objects), so a Monitor may run it.
 */
enum LeakSuspectsOperation implements ServiceOperation<LeakSuspectsService> {
    LEAK_SUSPECTS(new SimpleOperationDefinitionBuilder("leak-suspects", Descriptions.SUBSYSTEM_RESOLVER)
            .setParameters(Parameters.TOP)
            .setReplyType(ModelType.OBJECT)
            .setReplyParameters(Reply.ALL)
            .setReadOnly()
            .setRuntimeOnly()
            .build()) {
        @Override
        public ModelNode execute(OperationContext context, ModelNode operation, LeakSuspectsService service) throws OperationFailedException {
            int top = Parameters.TOP.resolveModelAttribute(context, operation).asInt();
            try {
                SuspectReport report = service.onDemand("leak-suspects over the management API", top);
                ModelNode answer = report.toModel();
                answer.get("text").set(report.text(top));
                return answer;
            } catch (JMException e) {
                throw new OperationFailedException("the JVM's DiagnosticCommand MBean gave no class histogram: " + e);
            }
        }
    },
    ;

    private final OperationDefinition definition;

    LeakSuspectsOperation(OperationDefinition definition) {
        this.definition = definition;
    }

    @Override
    public OperationDefinition getOperationDefinition() {
        return definition;
    }

    /** The answer's fields: {@link SuspectReport#toModel()} and its text. */
    private static final class Reply {
        static SimpleAttributeDefinition field(String name, ModelType type, boolean required) {
            return new SimpleAttributeDefinitionBuilder(name, type).setRequired(required).setStorageRuntime().build();
        }

        static final ObjectTypeAttributeDefinition ALONGSIDE_ROW = new ObjectTypeAttributeDefinition.Builder("alongside",
                field("class", ModelType.STRING, true), field("instances-growth", ModelType.LONG, true), field("bytes-growth", ModelType.LONG, true)).build();
        static final ObjectTypeAttributeDefinition SUSPECT = new ObjectTypeAttributeDefinition.Builder("suspects",
                field("rank", ModelType.INT, true), field("kind", ModelType.STRING, true), field("name", ModelType.STRING, true),
                field("creator", ModelType.STRING, false), field("deployment", ModelType.STRING, false), field("now", ModelType.LONG, true),
                field("baseline", ModelType.LONG, true), field("growth", ModelType.LONG, true), field("bytes-now", ModelType.LONG, false),
                field("bytes-baseline", ModelType.LONG, false), field("bytes-growth", ModelType.LONG, false), field("grows-with", ModelType.INT, false),
                new ObjectListAttributeDefinition.Builder("alongside", ALONGSIDE_ROW).setRequired(false).build()).build();
        static final AttributeDefinition[] ALL = {
                field("cause", ModelType.STRING, true), field("judged", ModelType.STRING, false), field("time", ModelType.STRING, true),
                field("baseline-time", ModelType.STRING, false), field("baseline-state", ModelType.STRING, true),
                field("heap-after-gc", ModelType.LONG, true), field("heap-after-gc-baseline", ModelType.LONG, true),
                new ObjectListAttributeDefinition.Builder("suspects", SUSPECT).build(), field("text", ModelType.STRING, true) };
    }

    private static final class Parameters {
        /** Refused by the same message as the MBean's (VIGIL0013), in the MODEL stage. */
        static final ParameterValidator TOP_RANGE = (name, value) -> {
            if (!value.isDefined() || value.getType() == ModelType.EXPRESSION) {
                return;
            }
            try {
                LeakSuspectsService.top(Integer.parseInt(value.asString().trim()));
            } catch (NumberFormatException e) {
                throw new OperationFailedException(dev.vigil.VigilLogger.ROOT_LOGGER.invalidSuspectsTop(value.asString(), LeakSuspectsService.MIN_TOP,
                        LeakSuspectsService.MAX_TOP));
            } catch (IllegalArgumentException e) {
                throw new OperationFailedException(e.getMessage());
            }
        };
        static final SimpleAttributeDefinition TOP = new SimpleAttributeDefinitionBuilder("top", ModelType.INT)
                .setRequired(false).setDefaultValue(new ModelNode(10)).setValidator(TOP_RANGE).build();
    }
}
