package dev.vigil.census;

import java.util.concurrent.atomic.AtomicLong;

import javax.management.JMException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

import dev.vigil.PlatformMBeans;

/** The JMX face of the server's {@link ThreadCensusService}. */
public final class ThreadCensusMXBeanImpl extends NotificationBroadcasterSupport implements ThreadCensusMXBean {

    public static final ObjectName OBJECT_NAME = PlatformMBeans.name("vigil:type=ThreadCensus");
    public static final String ORIGIN_WARNING = "vigil.threads.origin-warning";
    public static final String UNDEPLOY_LEAK = "vigil.threads.undeploy-leak";
    public static final String CREATOR_TRACKING = "vigil.threads.creator-tracking";

    private final ThreadCensusService service;
    private final AtomicLong sequence = new AtomicLong();

    ThreadCensusMXBeanImpl(ThreadCensusService service) {
        super(new MBeanNotificationInfo(new String[] { ORIGIN_WARNING, UNDEPLOY_LEAK }, Notification.class.getName(),
                "An origin passed origin-warning, or an undeployed deployment left threads; userData is the origin or deployment"),
                new MBeanNotificationInfo(new String[] { CREATOR_TRACKING }, Notification.class.getName(),
                        "Creator tracking was lost (JFR delivers no thread starts) or works again; userData is the new state: lost or on"));
        this.service = service;
    }

    void register() throws JMException {
        PlatformMBeans.register(this, ThreadCensusMXBean.class, OBJECT_NAME);
    }

    void unregister() {
        PlatformMBeans.unregister(OBJECT_NAME);
    }

    void notify(String type, String message, String subject) {
        Notification notification = new Notification(type, OBJECT_NAME, sequence.incrementAndGet(), System.currentTimeMillis(), message);
        notification.setUserData(subject);
        sendNotification(notification);
    }

    private ThreadCensus census() {
        return service.census();
    }

    @Override
    public int getLiveThreads() {
        return census().liveThreads();
    }

    @Override
    public String getCreatorTrackingState() {
        return census().creatorTrackingState();
    }

    @Override
    public int getPeakThreads() {
        return census().peakThreads();
    }

    @Override
    public java.util.Map<String, Integer> getByCreator() {
        return census().counts(GroupBy.CREATOR);
    }

    @Override
    public java.util.Map<String, Integer> getByEntry() {
        return census().counts(GroupBy.ENTRY);
    }

    @Override
    public java.util.Map<String, Integer> getByDeployment() {
        return census().counts(GroupBy.DEPLOYMENT);
    }

    @Override
    public String[] getOriginsOverWarning() {
        return census().originsOverWarning().toArray(String[]::new);
    }

    @Override
    public java.util.Map<String, Integer> getUndeployedLeaks() {
        return census().undeployedLeaks();
    }

    @Override
    public long getCreatorStartsDropped() {
        return census().creatorStartsDropped();
    }

    @Override
    public java.util.Map<String, Integer> getUnknownCreators() {
        return census().unknownCreators();
    }

    @Override
    public long getCreatorsRevisedLate() {
        return census().creatorsRevisedLate();
    }

    @Override
    public int getOriginWarning() {
        return census().settings().originWarning();
    }

    @Override
    public long getInterval() {
        return census().settings().interval().toSeconds();
    }

    @Override
    public boolean isCreatorTracking() {
        return census().settings().creatorTracking();
    }

    @Override
    public OriginRow[] census(String groupBy, int top) {
        // both refused before the census is taken: a refusal changes nothing
        GroupBy group = GroupBy.of(groupBy);
        CensusLimits.top(top);
        census().take();
        return census().census(group, top).stream().map(OriginRow::of).toArray(OriginRow[]::new);
    }

    @Override
    public void resetPeak() {
        census().resetPeak();
    }
}
