package dev.vigil.suspect;

import java.util.concurrent.atomic.AtomicLong;

import javax.management.JMException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

import dev.vigil.PlatformMBeans;

/** The MBean of {@link LeakSuspectsService}. */
public final class LeakSuspectsMXBeanImpl extends NotificationBroadcasterSupport implements LeakSuspectsMXBean {

    public static final ObjectName OBJECT_NAME = PlatformMBeans.name("vigil:type=LeakSuspects");
    public static final String FOUND = "vigil.leak-suspects";

    private final LeakSuspectsService service;
    private final AtomicLong sequence = new AtomicLong();

    LeakSuspectsMXBeanImpl(LeakSuspectsService service) {
        super(new MBeanNotificationInfo(new String[] { FOUND }, Notification.class.getName(),
                "Leak suspects ranked (a watermark's action or a request); userData is the report as JSON"));
        this.service = service;
    }

    void register() throws JMException {
        PlatformMBeans.register(this, LeakSuspectsMXBean.class, OBJECT_NAME);
    }

    void unregister() {
        PlatformMBeans.unregister(OBJECT_NAME);
    }

    void found(SuspectReport report) {
        Notification notification = new Notification(FOUND, OBJECT_NAME, sequence.incrementAndGet(), System.currentTimeMillis(), report.heading());
        notification.setUserData(report.toModel().toJSONString(true));
        sendNotification(notification);
    }

    @Override
    public String suspects(int top) {
        LeakSuspectsService.top(top); // refused before anything is taken
        try {
            return service.onDemand("leak-suspects over JMX", top).text(top);
        } catch (JMException e) {
            throw new IllegalStateException("the JVM's DiagnosticCommand MBean gave no class histogram: " + e, e);
        }
    }

    @Override
    public String getLastResult() {
        SuspectReport last = service.last();
        return last != null ? last.text(LeakSuspectsService.WRITTEN) : "";
    }

    @Override
    public String getLastResultJson() {
        SuspectReport last = service.last();
        return last != null ? last.toModel().toJSONString(false) : "";
    }

    @Override
    public String getBaselineTime() {
        Picture baseline = service.baseline();
        return baseline != null ? baseline.time().toString() : "";
    }

    @Override
    public String getBaselineState() {
        Picture baseline = service.baseline();
        return baseline != null ? baseline.state() : "";
    }
}
