package dev.vigil.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.management.MBeanAttributeInfo;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenMBeanAttributeInfo;

import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;

/** One move, four projections: jboss-cli's last-crossing, JMX's LastCrossing, a notification's userData, a dump's note. */
class TransitionFieldTest {

    private static final Transition MOVE = new Transition("heap", WatermarkState.NORMAL, WatermarkState.CRITICAL, new Reading(900, 1000), 70, 85,
            Measure.AFTER_GC, List.of("G1 Old Gen", "G1 Eden Space"), Instant.parse("2026-12-01T22:00:00Z"), "G1 Old Generation (G1 Compaction Pause)");

    @Test
    void jbossCliTheDumpNoteAndTheNotificationCarryTheSameFields() {
        ModelNode model = TransitionField.toModel(MOVE);
        CompositeData notification = TransitionField.toCompositeData(MOVE);

        assertEquals(Set.of("watermark", "from", "to", "time", "used", "max", "usage-percent", "warning", "critical", "measure", "pools", "cause"),
                model.keys());
        assertEquals(java.util.Arrays.stream(TransitionField.LAST_CROSSING.getValueTypes()).map(a -> a.getName()).collect(java.util.stream.Collectors.toCollection(TreeSet::new)),
                names(model.keys()), "last-crossing's description names each field");
        assertEquals(TransitionField.values().length, notification.getCompositeType().keySet().size());
        for (TransitionField field : TransitionField.values()) {
            assertEquals(model.get(field.definition().getName()).asString(), String.valueOf(notification.get(field.jmxName())), field.name());
        }
        assertEquals("CRITICAL", model.get("to").asString());
        assertEquals(90.0, model.get("usage-percent").asDouble());
        assertEquals("G1 Old Gen,G1 Eden Space", model.get("pools").asString());
        assertEquals(85, notification.get("critical"));
    }

    @Test
    void jmxLastCrossingHasTheNotificationsType() throws Exception {
        StandardMBean mbean = new StandardMBean(new WatermarkMXBeanImpl(new HeapWatermark("heap", WatermarkSettings.defaults(), t -> { })),
                WatermarkMXBean.class, true);
        CompositeType lastCrossing = null;
        for (MBeanAttributeInfo attribute : mbean.getMBeanInfo().getAttributes()) {
            if (attribute.getName().equals("LastCrossing")) {
                lastCrossing = (CompositeType) ((OpenMBeanAttributeInfo) attribute).getOpenType();
            }
        }
        CompositeType notification = TransitionField.COMPOSITE_TYPE;
        assertEquals(notification.keySet(), lastCrossing.keySet());
        for (String item : notification.keySet()) {
            assertEquals(notification.getType(item), lastCrossing.getType(item), item);
        }
    }

    private static Set<String> names(Set<String> keys) {
        return new TreeSet<>(keys);
    }
}
