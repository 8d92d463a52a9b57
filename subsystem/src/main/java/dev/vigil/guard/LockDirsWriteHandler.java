package dev.vigil.guard;

import java.nio.file.Path;

import org.jboss.as.controller.AbstractWriteAttributeHandler;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.dmr.ModelNode;

import dev.vigil.VigilLogger;
import dev.vigil.management.LiveWriteHandler;

/** lock-dirs: each directory must be able to hold a lock file now; claimed at the next reload. */
final class LockDirsWriteHandler extends AbstractWriteAttributeHandler<Void> {

    @Override
    protected boolean applyUpdateToRuntime(OperationContext context, ModelNode operation, String attributeName, ModelNode resolvedValue,
            ModelNode currentValue, HandbackHolder<Void> handback) throws OperationFailedException {
        // the add runs this handler too: then its runtime step claims the directories itself, and nothing waits for a reload
        boolean added = LiveWriteHandler.addedByThisOperation(context);
        if (resolvedValue.isDefined()) {
            for (ModelNode dir : resolvedValue.asList()) {
                String problem = DirectoryLock.unusable(Path.of(dir.asString()));
                if (problem != null) {
                    throw new OperationFailedException(VigilLogger.ROOT_LOGGER.lockDirUnusable(dir.asString(), problem, System.getProperty("user.name")));
                }
            }
        }
        return !added; // a running guard keeps its directories until the next reload, which claims the new ones
    }

    @Override
    protected void revertUpdateToRuntime(OperationContext context, ModelNode operation, String attributeName, ModelNode valueToRestore,
            ModelNode valueToRevert, Void handback) {
    }
}
