package dev.vigil.management;

import java.math.BigDecimal;

import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.operations.validation.ParameterValidator;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

import dev.vigil.VigilLogger;

/** A whole number of seconds within a range; refuses anything else naming the attribute, the value given and what is allowed. */
public final class SecondsValidator implements ParameterValidator {

    private final long min;
    private final long max;

    public SecondsValidator(long min, long max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public void validateParameter(String parameterName, ModelNode value) throws OperationFailedException {
        if (!value.isDefined() || value.getType() == ModelType.EXPRESSION) {
            return;
        }
        Long seconds = wholeNumber(value);
        if (seconds == null || seconds < min || seconds > max) {
            throw new OperationFailedException(VigilLogger.ROOT_LOGGER.invalidSeconds(parameterName, value.asString(), min, max));
        }
    }

    private static Long wholeNumber(ModelNode value) {
        try {
            BigDecimal number = new BigDecimal(value.asString().trim());
            return number.stripTrailingZeros().scale() <= 0 ? number.longValueExact() : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
