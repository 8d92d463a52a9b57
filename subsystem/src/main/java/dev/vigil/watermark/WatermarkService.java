package dev.vigil.watermark;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.management.JMException;

import dev.vigil.VigilLogger;
import dev.vigil.action.Action;
import dev.vigil.action.ActionRequest;
import dev.vigil.action.ActionRunner;
import dev.vigil.format.Bytes;

/**
 * A running watermark as the server has it: the {@link HeapWatermark}, its MBean, the log line and the configured
 * actions for each move. Started and stopped by the subsystem's service for {@code /subsystem=vigil/watermark=NAME}.
 * <p>
 * Moves are reported on a thread of the watermark's own, in order: GC notifications arrive on the JVM's single
 * notification thread, which a slow JMX listener or a heavy action (a heap dump) must never hold up.
 */
public final class WatermarkService {

    private final HeapWatermark watermark;
    private final WatermarkMXBeanImpl mbean;
    private final ActionRunner actions;
    private ExecutorService reporter;

    /**
     * @param actions runs the actions a rise configures
     * @throws IllegalArgumentException if the settings name a pool this JVM lacks or one without a maximum
     */
    public WatermarkService(String name, WatermarkSettings settings, ActionRunner actions) {
        this.actions = actions;
        this.watermark = new HeapWatermark(name, settings, this::onTransition, collector -> VigilLogger.ROOT_LOGGER.gcNotificationsMissing(name, collector));
        this.mbean = new WatermarkMXBeanImpl(watermark);
    }

    public HeapWatermark watermark() {
        return watermark;
    }

    public void start() {
        reporter = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "vigil-watermark-" + watermark.name() + "-reporter");
            thread.setDaemon(true);
            return thread;
        });
        try {
            mbean.register();
        } catch (JMException e) {
            VigilLogger.ROOT_LOGGER.mbeanNotRegistered(watermark.name(), mbean.getObjectName().toString(), e);
        }
        WatermarkSettings settings = watermark.settings();
        VigilLogger.ROOT_LOGGER.watermarkStarted(watermark.name(), watermark.describePools(), Bytes.format(watermark.max()),
                settings.warning(), settings.critical(), settings.measure().toString());
        watermark.start();
    }

    public void stop() {
        watermark.stop();
        reporter.shutdown(); // moves already seen are still reported
        try {
            reporter.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mbean.unregister();
    }

    private void onTransition(Transition t) {
        try {
            reporter.execute(() -> report(t));
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // a collection that ended while the watermark stopped: nobody is watching any more
        }
    }

    private void report(Transition t) {
        String used = Bytes.format(t.reading().used());
        String max = Bytes.format(t.reading().max());
        String measure = t.measure().phrase();
        double percent = t.reading().percent();
        String forecast = t.forecast() != null ? ", " + t.forecast().describe() : "";
        if (t.measure() == Measure.GC_OVERHEAD) {
            reportOverhead(t, used, max, percent, forecast);
        } else {
            reportUsage(t, used, max, measure, percent, forecast);
        }
        mbean.notify(t);
        if (!t.rising()) {
            actions.settled(t.actionRequest()); // actions answer a rise into a level, not the way back
            return;
        }
        ActionRequest request = t.actionRequest(); // one cause: its histogram, census and dump share a name
        for (Action action : watermark.settings().actionsOn(t.to())) {
            try {
                actions.run(action, request);
            } catch (RuntimeException | LinkageError e) {
                VigilLogger.ROOT_LOGGER.actionFailed(t.watermark(), action.toString(), t.to().name(), e);
            }
        }
    }

    private static void reportUsage(Transition t, String used, String max, String measure, double percent, String forecast) {
        switch (t.to()) {
            case CRITICAL:
                VigilLogger.ROOT_LOGGER.watermarkCritical(t.watermark(), t.from().name(), used, max, measure, percent, forecast, t.critical());
                break;
            case WARNING:
                VigilLogger.ROOT_LOGGER.watermarkWarning(t.watermark(), t.from().name(), used, max, measure, percent, forecast, t.warning());
                break;
            default:
                VigilLogger.ROOT_LOGGER.watermarkNormal(t.watermark(), t.from().name(), used, max, measure, percent);
        }
    }

    private void reportOverhead(Transition t, String used, String max, double percent, String forecast) {
        long window = watermark.settings().gcWindow().toSeconds();
        switch (t.to()) {
            case CRITICAL:
                VigilLogger.ROOT_LOGGER.watermarkGcOverheadCritical(t.watermark(), t.from().name(), percent, window, t.critical(), used, max, forecast);
                break;
            case WARNING:
                VigilLogger.ROOT_LOGGER.watermarkGcOverheadWarning(t.watermark(), t.from().name(), percent, window, t.warning(), used, max, forecast);
                break;
            default:
                VigilLogger.ROOT_LOGGER.watermarkGcOverheadNormal(t.watermark(), t.from().name(), percent, window);
        }
    }
}
