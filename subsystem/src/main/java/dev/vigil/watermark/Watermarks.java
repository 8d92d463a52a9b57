package dev.vigil.watermark;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.jboss.dmr.ModelNode;

/**
 * The watermarks started in this server, by name: what a heap dump's note records about them. Held by the
 * subsystem's registrar, not in a static, so a reload leaves nothing behind.
 */
public final class Watermarks {

    private final Map<String, WatermarkService> running = new ConcurrentSkipListMap<>();

    void started(WatermarkService service) {
        running.put(service.watermark().name(), service);
    }

    void stopped(WatermarkService service) {
        running.remove(service.watermark().name(), service);
    }

    /** Each watermark's state and numbers now. */
    public ModelNode describe() {
        ModelNode list = new ModelNode().setEmptyList();
        for (WatermarkService service : running.values()) {
            HeapWatermark watermark = service.watermark();
            WatermarkSettings settings = watermark.settings();
            ModelNode node = list.add();
            node.get("name").set(watermark.name());
            node.get("pools").set(watermark.describePools());
            node.get("state").set(watermark.state().name());
            node.get("measure").set(settings.measure().toString());
            node.get("warning").set(settings.warning());
            node.get("critical").set(settings.critical());
            node.get("usage-percent").set(watermark.usagePercent());
            node.get("after-gc-used").set(watermark.afterGcUsed());
            node.get("max").set(watermark.max());
            node.get("peak-used").set(watermark.peakUsed());
            if (watermark.peakTime() != null) {
                node.get("peak-time").set(watermark.peakTime().toString());
            }
            node.get("warning-crossings").set(watermark.warningCrossings());
            node.get("critical-crossings").set(watermark.criticalCrossings());
        }
        return list;
    }

    /**
     * Each watermark's standing, for the health check: its state and since when, usage-percent, and the forecast
     * (growth-rate in bytes per minute and time-to-full in seconds, undefined when the floor is flat, falling or not known).
     */
    public ModelNode standing() {
        ModelNode list = new ModelNode().setEmptyList();
        for (WatermarkService service : running.values()) {
            HeapWatermark watermark = service.watermark();
            ModelNode node = list.add();
            node.get("name").set(watermark.name());
            node.get("state").set(watermark.state().name());
            node.get("since").set(watermark.stateSince().toString());
            node.get("usage-percent").set(watermark.usagePercent());
            Forecast forecast = watermark.forecast();
            ModelNode trend = node.get("forecast").setEmptyObject();
            if (forecast != null) {
                trend.get("growth-rate").set(forecast.growthRate());
                trend.get("time-to-full").set(forecast.secondsToFull());
            } else {
                trend.get("growth-rate");
                trend.get("time-to-full");
            }
        }
        return list;
    }
}
