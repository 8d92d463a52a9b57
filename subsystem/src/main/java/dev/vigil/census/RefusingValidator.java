package dev.vigil.census;

import java.util.function.Consumer;

import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.operations.validation.ParameterValidator;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

/**
 * One of {@link CensusLimits}' checks as WildFly's validator, so that write-attribute, standalone.xml and an
 * operation's parameters refuse in the MODEL stage with the same message as JMX. An expression is judged once resolved.
 */
final class RefusingValidator implements ParameterValidator {

    private final Consumer<String> check;

    RefusingValidator(Consumer<String> check) {
        this.check = check;
    }

    @Override
    public void validateParameter(String parameterName, ModelNode value) throws OperationFailedException {
        if (!value.isDefined() || value.getType() == ModelType.EXPRESSION) {
            return;
        }
        try {
            check.accept(value.asString());
        } catch (IllegalArgumentException refused) {
            throw new OperationFailedException(refused.getMessage());
        }
    }
}
