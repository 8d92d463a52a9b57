package dev.vigil.guard;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.JMException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

import dev.vigil.PlatformMBeans;

/** The JMX face of the server's {@link InstanceGuardService}. */
public final class InstanceGuardMXBeanImpl extends NotificationBroadcasterSupport implements InstanceGuardMXBean {

    public static final ObjectName OBJECT_NAME = PlatformMBeans.name("vigil:type=InstanceGuard");
    public static final String DUPLICATE = "vigil.instance.duplicate";
    public static final String CONTENDER = "vigil.instance.contender";
    public static final String LOCK_LOST = "vigil.instance.lock-lost";

    private final InstanceGuardService service;
    private final AtomicLong sequence = new AtomicLong();

    InstanceGuardMXBeanImpl(InstanceGuardService service) {
        super(new MBeanNotificationInfo(new String[] { DUPLICATE, CONTENDER, LOCK_LOST }, Notification.class.getName(),
                "Another server shares this one's directories or ports, tried to start on them, or a lock file was lost; userData is the other's pid or the file"));
        this.service = service;
    }

    void register() throws JMException {
        PlatformMBeans.register(this, InstanceGuardMXBean.class, OBJECT_NAME);
    }

    void unregister() {
        PlatformMBeans.unregister(OBJECT_NAME);
    }

    void notifyDuplicates(List<Duplicate> duplicates) {
        for (Duplicate duplicate : duplicates) {
            notify(DUPLICATE, "Another server shares this one's " + duplicate.shared() + ": " + duplicate.other().describe(), duplicate.other().pid());
        }
    }

    void notifyContender(Contender contender) {
        notify(CONTENDER, "Another server tried to start on this one's " + contender.shared() + ": " + contender.who().describe(),
                contender.who().pid());
    }

    void notifyLockLost(Path file, String how) {
        notify(LOCK_LOST, "The lock file " + file + " was " + how, file.toString());
    }

    private void notify(String type, String message, Object userData) {
        Notification notification = new Notification(type, OBJECT_NAME, sequence.incrementAndGet(), System.currentTimeMillis(), message);
        notification.setUserData(userData);
        sendNotification(notification);
    }

    @Override
    public boolean isDuplicateDetected() {
        return service.duplicateDetected();
    }

    @Override
    public DuplicateRow[] getDuplicates() {
        return service.guard().duplicates().stream().map(DuplicateRow::of).toArray(DuplicateRow[]::new);
    }

    @Override
    public String[] getLockFiles() {
        return service.guard().lockFiles().stream().map(Path::toString).toArray(String[]::new);
    }

    @Override
    public ContenderRow[] getContenders() {
        return service.guard().contenders().stream().map(ContenderRow::of).toArray(ContenderRow[]::new);
    }

    @Override
    public String getOnDuplicate() {
        return service.settings().onDuplicate().toString();
    }

    @Override
    public String[] getLockDirs() {
        return service.settings().effectiveLockDirs().stream().map(Path::toString).toArray(String[]::new);
    }

    @Override
    public boolean isCheckPorts() {
        return service.settings().checkPorts();
    }

    @Override
    public long getRecheckInterval() {
        return service.settings().recheckInterval().toSeconds();
    }

    @Override
    public boolean checkNow() {
        service.check();
        return service.duplicateDetected();
    }
}
