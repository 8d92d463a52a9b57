package dev.vigil.dump;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.JMException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

import org.wildfly.security.auth.server.SecurityDomain;
import org.wildfly.security.auth.server.SecurityIdentity;

import dev.vigil.PlatformMBeans;

/** The JMX face of the server's {@link HeapDumpService}. */
public final class HeapDumpsMXBeanImpl extends NotificationBroadcasterSupport implements HeapDumpsMXBean {

    public static final ObjectName OBJECT_NAME = PlatformMBeans.name("vigil:type=HeapDumps");
    public static final String WRITTEN = "vigil.heap-dump.written";
    public static final String FAILED = "vigil.heap-dump.failed";
    public static final String ANALYSED = "vigil.heap-dump.analysed";

    private final HeapDumpService service;
    private final AtomicLong sequence = new AtomicLong();

    HeapDumpsMXBeanImpl(HeapDumpService service) {
        super(new MBeanNotificationInfo(new String[] { WRITTEN }, Notification.class.getName(), "A heap dump was written; userData is its file name"),
                new MBeanNotificationInfo(new String[] { FAILED }, Notification.class.getName(), "A heap dump was refused or failed; userData is its trigger"),
                new MBeanNotificationInfo(new String[] { ANALYSED }, Notification.class.getName(),
                        "A heap dump's report was written; the message names suspect 1, userData is the report's file name (NAME.report.html)"));
        this.service = service;
    }

    void register() throws JMException {
        PlatformMBeans.register(this, HeapDumpsMXBean.class, OBJECT_NAME);
    }

    void unregister() {
        PlatformMBeans.unregister(OBJECT_NAME);
    }

    void written(HeapDump dump) {
        Notification notification = new Notification(WRITTEN, OBJECT_NAME, sequence.incrementAndGet(), System.currentTimeMillis(),
                "Heap dump written: " + dump.file() + " (" + dump.sizeBytes() + " bytes in " + dump.durationMillis() + " ms), asked for by " + dump.requestedBy());
        notification.setUserData(dump.file());
        sendNotification(notification);
    }

    void analysed(String dump, String report, String suspect) {
        Notification notification = new Notification(ANALYSED, OBJECT_NAME, sequence.incrementAndGet(), System.currentTimeMillis(),
                "Heap dump " + dump + " analysed: " + report + ". Suspect 1: " + suspect);
        notification.setUserData(report);
        sendNotification(notification);
    }

    void failed(DumpRequest request, String message) {
        Notification notification = new Notification(FAILED, OBJECT_NAME, sequence.incrementAndGet(), System.currentTimeMillis(), message);
        notification.setUserData(request.trigger());
        sendNotification(notification);
    }

    private HeapDumpSettings settings() {
        return service.dumper().settings();
    }

    @Override
    public String getDirectory() {
        return settings().directory().toString();
    }

    @Override
    public boolean isLive() {
        return settings().live();
    }

    @Override
    public boolean isCompress() {
        return settings().compress();
    }

    @Override
    public int getMaxDumps() {
        return settings().maxDumps();
    }

    @Override
    public long getCooldown() {
        return settings().cooldown().toSeconds();
    }

    @Override
    public long getMinInterval() {
        return settings().minInterval().toSeconds();
    }

    @Override
    public long getMinFreeSpace() {
        return settings().minFreeSpace();
    }

    @Override
    public boolean isOnOutOfMemory() {
        return settings().onOutOfMemory();
    }

    @Override
    public long getDumpsTaken() {
        return service.dumper().dumpsTaken();
    }

    @Override
    public String getInProgress() {
        HeapDumper.InProgress now = service.dumper().inProgress();
        return now != null ? now.file() + ", asked for by " + now.requestedBy() + " at " + now.since() : null;
    }

    @Override
    public DumpInfo getLastDump() {
        HeapDump last = service.dumper().lastDump();
        return last != null ? DumpInfo.of(last) : null;
    }

    @Override
    public String[] getDumps() {
        return list().stream().filter(dump -> dump.kind().equals(DumpDirectory.KIND_HEAP_DUMP)).map(DumpFile::name).toArray(String[]::new);
    }

    @Override
    public String dumpHeap(boolean live) {
        try {
            return service.dumpHeap(caller(), "JMX dumpHeap on " + OBJECT_NAME, live, settings().compress()).file();
        } catch (HeapDumpException e) {
            // a JDK exception type: remote JMX clients and Jolokia have no Vigil classes
            throw new IllegalStateException(e.getMessage());
        }
    }

    /**
     * Who calls the MBean: the identity WildFly's remote JMX connector (or a web application such as Jolokia)
     * established on this thread, if any; else an in-VM caller without one.
     */
    private static Caller caller() {
        SecurityDomain domain = SecurityDomain.getCurrent();
        SecurityIdentity identity = domain != null ? domain.getCurrentSecurityIdentity() : null;
        if (identity != null && !identity.isAnonymous()) {
            return new Caller(identity.getPrincipal().getName(), "JMX", null);
        }
        return new Caller(Caller.ANONYMOUS, "JMX, in-VM or Jolokia", null);
    }

    @Override
    public DumpInfo[] listDumps() {
        return list().stream().map(DumpInfo::of).toArray(DumpInfo[]::new);
    }

    private List<DumpFile> list() {
        try {
            return service.list();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + getDirectory() + ": " + e.getMessage());
        }
    }
}
