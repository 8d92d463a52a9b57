package dev.vigil.guard;

import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.operations.validation.StringLengthValidator;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

import dev.vigil.VigilLogger;

/** Each lock-dirs entry must be a path at all (no NUL character) and absolute; whether the directory suits is judged on the disk. */
final class LockDirValidator extends StringLengthValidator {

    LockDirValidator() {
        super(1);
    }

    @Override
    public void validateParameter(String parameterName, ModelNode value) throws OperationFailedException {
        super.validateParameter(parameterName, value);
        if (value.isDefined() && value.getType() != ModelType.EXPRESSION) { // an expression is judged once resolved
            String problem = DirectoryLock.invalidPath(value.asString());
            if (problem != null) {
                throw new OperationFailedException(VigilLogger.ROOT_LOGGER.lockDirInvalid(value.asString().replace("\0", "\\0"), problem));
            }
        }
    }
}
