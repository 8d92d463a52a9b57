package dev.vigil.guard;

import java.nio.file.Path;
import java.util.List;

import javax.management.JMException;

import org.jboss.dmr.ModelNode;

import dev.vigil.periodic.Periodic;
import dev.vigil.VigilLogger;

/**
 * The running instance guard: the claims made at boot, a check every recheck-interval on a thread of its own, the
 * MBean, and the log lines. Started and stopped by the service of {@code /subsystem=vigil/service=instance-guard};
 * stopping releases the locks.
 */
public final class InstanceGuardService implements InstanceGuard.Listener {

    private final InstanceGuard guard;
    private final InstanceGuardMXBeanImpl mbean;
    private volatile GuardSettings settings;
    private Periodic timer;

    public InstanceGuardService(InstanceGuard guard) {
        this.guard = guard;
        this.settings = guard.settings();
        this.mbean = new InstanceGuardMXBeanImpl(this);
        guard.listener(this);
    }

    public InstanceGuard guard() {
        return guard;
    }

    public GuardSettings settings() {
        return settings;
    }

    public synchronized void start() {
        try {
            mbean.register();
        } catch (JMException e) {
            VigilLogger.ROOT_LOGGER.guardMBeanFailed(InstanceGuardMXBeanImpl.OBJECT_NAME.toString(), e);
        }
        List<Duplicate> duplicates = guard.duplicates();
        if (!duplicates.isEmpty()) {
            mbean.notifyDuplicates(duplicates);
        }
        List<Integer> ports = guard.me().ports();
        VigilLogger.ROOT_LOGGER.guardStarted(guard.me().pid(), guard.lockFiles().toString(), !settings.checkPorts() ? "its ports are not checked"
                : duplicates.stream().anyMatch(d -> !d.sharedPorts().isEmpty()) ? "other processes listen on some of its ports " + ports
                : "no other process listens on its ports " + ports, guard.claimMillis(), guard.claimCpuMillis());
        timer = new Periodic("vigil-instance-guard", settings.recheckInterval(), guard::check, e -> {
            // the next check runs anyway
        }).start();
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.close();
        }
        mbean.unregister();
        guard.close();
    }

    /** Applies new live settings: what to do at the next boot, whether to check ports, how often to check. */
    public synchronized void reconfigure(GuardSettings newSettings) {
        this.settings = newSettings;
        guard.reconfigure(newSettings);
        if (timer != null) {
            timer.interval(newSettings.recheckInterval());
        }
    }

    /** Checks now (check-now, or the timer). */
    public void check() {
        guard.check();
    }

    public boolean duplicateDetected() {
        return !guard.duplicates().isEmpty();
    }

    /** For the health check: whether a duplicate runs, the duplicates and the contenders, as the runtime attributes show them. */
    public ModelNode standing() {
        ModelNode node = new ModelNode();
        node.get("duplicate").set(duplicateDetected());
        node.get("duplicates").set(GuardRuntimeAttribute.DUPLICATES.execute(this));
        node.get("contenders").set(GuardRuntimeAttribute.CONTENDERS.execute(this));
        return node;
    }

    @Override
    public void contender(Contender contender) {
        VigilLogger.ROOT_LOGGER.contender(contender.shared(), contender.who().describe(), contender.time().toString(),
                "fail".equals(contender.onDuplicate()) ? "stopped (its on-duplicate=fail)" : "runs on (its on-duplicate=" + contender.onDuplicate() + ")");
        mbean.notifyContender(contender);
    }

    @Override
    public void lockLost(Path file, String how, boolean retaken) {
        VigilLogger.ROOT_LOGGER.lockLost(file.toString(), how, retaken ? "the lock is held again" : "it could not be locked again");
        mbean.notifyLockLost(file, how);
    }

    @Override
    public void duplicatesFound(List<Duplicate> duplicates) {
        for (Duplicate duplicate : duplicates) {
            VigilLogger.ROOT_LOGGER.duplicateWhileRunning(duplicate.shared(), duplicate.other().describe());
        }
        mbean.notifyDuplicates(duplicates);
    }

    /** How to stop the other server, for the log line. */
    public static String howToStop(InstanceInfo other) {
        return other.pid() == PortListeners.UNKNOWN_PID ? "it runs as another user, whose processes this one cannot see"
                : "kill " + other.pid() + ", or :shutdown on its management port";
    }
}
