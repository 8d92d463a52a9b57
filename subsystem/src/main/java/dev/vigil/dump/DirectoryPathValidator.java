package dev.vigil.dump;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.operations.validation.ParameterValidator;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

import dev.vigil.VigilLogger;

/**
 * A value the file system accepts as a path: not empty, no NUL (or whatever else this platform refuses). Refuses
 * anything else naming the attribute, the value given (NUL shown as \0) and what is allowed.
 */
final class DirectoryPathValidator implements ParameterValidator {

    @Override
    public void validateParameter(String parameterName, ModelNode value) throws OperationFailedException {
        if (!value.isDefined() || value.getType() == ModelType.EXPRESSION) {
            return; // an expression is judged once resolved
        }
        String path = value.asString();
        String reason = null;
        if (path.isEmpty()) {
            reason = "it is empty";
        } else if (path.indexOf('\0') >= 0) {
            reason = "it holds a NUL character";
        } else {
            try {
                Path.of(path);
            } catch (InvalidPathException e) {
                reason = e.getReason() + " at index " + e.getIndex();
            }
        }
        if (reason != null) {
            throw new OperationFailedException(VigilLogger.ROOT_LOGGER.invalidDumpPath(parameterName, path.replace("\0", "\\0"), reason));
        }
    }
}
