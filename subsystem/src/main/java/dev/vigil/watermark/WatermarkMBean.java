package dev.vigil.watermark;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.JMException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

import dev.vigil.PlatformMBeans;

/** The JMX face of a {@link HeapWatermark}: its attributes, and a notification for each move. */
public final class WatermarkMBean extends NotificationBroadcasterSupport implements WatermarkMXBean {

    static final CompositeType TRANSITION_TYPE = transitionType();

    private final HeapWatermark watermark;
    private final ObjectName objectName;
    private final AtomicLong sequence = new AtomicLong();

    public WatermarkMBean(HeapWatermark watermark) {
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
        notification.setUserData(toCompositeData(transition));
        sendNotification(notification);
    }

    static String describe(Transition t) {
        return String.format(java.util.Locale.ROOT, "Watermark '%s' is %s (was %s): %s of %s used %s (%.1f%%); warning %d%%, critical %d%%",
                t.watermark(), t.to(), t.from(), Reading.bytes(t.reading().used()), Reading.bytes(t.reading().max()), t.measure().phrase(),
                t.reading().percent(), t.warning(), t.critical());
    }

    static CompositeData toCompositeData(Transition t) {
        Crossing c = new Crossing(t);
        try {
            return new CompositeDataSupport(TRANSITION_TYPE,
                    new String[] { "watermark", "from", "to", "used", "max", "usagePercent", "warning", "critical", "measure", "pools", "time", "cause" },
                    new Object[] { c.getWatermark(), c.getFrom(), c.getTo(), c.getUsed(), c.getMax(), c.getUsagePercent(),
                            c.getWarning(), c.getCritical(), c.getMeasure(), c.getPools(), c.getTime(), c.getCause() });
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompositeType transitionType() {
        String[] names = { "watermark", "from", "to", "used", "max", "usagePercent", "warning", "critical", "measure", "pools", "time", "cause" };
        String[] descriptions = { "watermark name", "state before", "state after", "bytes used", "bytes allowed", "percent used",
                "warning level (percent)", "critical level (percent)", "after-gc or current", "pools, comma-separated", "ISO-8601 time", "what produced the reading" };
        OpenType<?>[] types = { SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.LONG, SimpleType.LONG, SimpleType.DOUBLE,
                SimpleType.INTEGER, SimpleType.INTEGER, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING };
        try {
            return new CompositeType("vigil.watermark.Transition", "A watermark's move between states", names, descriptions, types);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
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
    public void resetPeak() {
        watermark.resetPeak();
    }
}
