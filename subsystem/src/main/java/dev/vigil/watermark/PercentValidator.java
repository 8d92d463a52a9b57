package dev.vigil.watermark;

import java.math.BigDecimal;

import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.operations.validation.ParameterValidator;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

import dev.vigil.VigilLogger;

/** A whole percentage 1-99; refuses anything else naming the attribute, the value given and what is allowed. */
final class PercentValidator implements ParameterValidator {

    @Override
    public void validateParameter(String parameterName, ModelNode value) throws OperationFailedException {
        if (!value.isDefined() || value.getType() == ModelType.EXPRESSION) {
            return;
        }
        Integer percent = wholeNumber(value);
        if (percent == null || percent < WatermarkSettings.MIN_PERCENT || percent > WatermarkSettings.MAX_PERCENT) {
            throw new OperationFailedException(VigilLogger.ROOT_LOGGER.invalidPercent(parameterName, value.asString(),
                    WatermarkSettings.MIN_PERCENT, WatermarkSettings.MAX_PERCENT));
        }
    }

    private static Integer wholeNumber(ModelNode value) {
        try {
            BigDecimal number = new BigDecimal(value.asString().trim());
            return number.stripTrailingZeros().scale() <= 0 ? number.intValueExact() : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
