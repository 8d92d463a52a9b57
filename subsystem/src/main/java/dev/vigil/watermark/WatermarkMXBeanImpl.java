package dev.vigil.watermark;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.JMException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

import dev.vigil.PlatformMBeans;
import dev.vigil.format.Bytes;

/** The implementation of {@link WatermarkMXBean}: the JMX face of a {@link HeapWatermark}: its attributes, and a notification for each move. */
public final class WatermarkMXBeanImpl extends NotificationBroadcasterSupport implements WatermarkMXBean {

    private final HeapWatermark watermark;
    private final ObjectName objectName;
    private final AtomicLong sequence = new AtomicLong();

    public WatermarkMXBeanImpl(HeapWatermark watermark) {
        super(new MBeanNotificationInfo(new String[] {
                WatermarkState.WARNING.notificationType(), WatermarkState.CRITICAL.notificationType(), WatermarkState.NORMAL.notificationType() },
                Notification.class.getName(), "A watermark changed state; userData holds the numbers"));
        this.watermark = watermark;
        this.objectName = objectName(watermark.name());
    }

    public static ObjectName objectName(String watermark) {
        // Names with JMX's special characters are quoted; plain ones stay readable: vigil:type=Watermark,name=heap
        String value = watermark.matches("[\\w.-]+") ? watermark : ObjectName.quote(watermark);
        return PlatformMBeans.name("vigil:type=Watermark,name=" + value);
    }

    public ObjectName getObjectName() {
        return objectName;
    }

    public void register() throws JMException {
        PlatformMBeans.register(this, WatermarkMXBean.class, objectName);
    }

    public void unregister() {
        PlatformMBeans.unregister(objectName);
    }

    /** Sends the move as {@code vigil.watermark.<state>} with the numbers in userData. */
    public void notify(Transition transition) {
        Notification notification = new Notification(transition.to().notificationType(), objectName, sequence.incrementAndGet(),
                transition.time().toEpochMilli(), describe(transition));
        notification.setUserData(TransitionField.toCompositeData(transition));
        sendNotification(notification);
    }

    static String describe(Transition t) {
        return String.format(java.util.Locale.ROOT, "Watermark '%s' is %s (was %s): %s of %s used %s (%.1f%%); warning %d%%, critical %d%%",
                t.watermark(), t.to(), t.from(), Bytes.format(t.reading().used()), Bytes.format(t.reading().max()), t.measure().phrase(),
                t.reading().percent(), t.warning(), t.critical());
    }

    @Override
    public String getName() {
        return watermark.name();
    }

    @Override
    public String[] getPools() {
        return watermark.settings().pools().toArray(String[]::new);
    }

    @Override
    public int getWarning() {
        return watermark.settings().warning();
    }

    @Override
    public int getCritical() {
        return watermark.settings().critical();
    }

    @Override
    public String getMeasure() {
        return watermark.settings().measure().toString();
    }

    @Override
    public String getState() {
        return watermark.state().name();
    }

    @Override
    public long getUsed() {
        return watermark.currentReading().used();
    }

    @Override
    public long getMax() {
        return watermark.max();
    }

    @Override
    public double getUsagePercent() {
        return watermark.usagePercent();
    }

    @Override
    public long getAfterGcUsed() {
        return watermark.afterGcUsed();
    }

    @Override
    public long getPeakUsed() {
        return watermark.peakUsed();
    }

    @Override
    public String getPeakTime() {
        Instant time = watermark.peakTime();
        return time != null ? time.toString() : null;
    }

    @Override
    public long getWarningCrossings() {
        return watermark.warningCrossings();
    }

    @Override
    public long getCriticalCrossings() {
        return watermark.criticalCrossings();
    }

    @Override
    public Crossing getLastCrossing() {
        Transition last = watermark.lastCrossing();
        return last != null ? new Crossing(last) : null;
    }

    @Override
    public long getTrendWindow() {
        return watermark.settings().trendWindow().toSeconds();
    }

    @Override
    public long getGcWindow() {
        return watermark.settings().gcWindow().toSeconds();
    }

    @Override
    public long getWarnWithin() {
        java.time.Duration warnWithin = watermark.settings().warnWithin();
        return warnWithin != null ? warnWithin.toSeconds() : -1;
    }

    @Override
    public double getGrowthRate() {
        Forecast forecast = watermark.forecast();
        return forecast != null ? forecast.growthRate() : -1;
    }

    @Override
    public long getTimeToFull() {
        Forecast forecast = watermark.forecast();
        return forecast != null ? forecast.secondsToFull() : -1;
    }

    @Override
    public void resetPeak() {
        watermark.resetPeak();
    }
}
