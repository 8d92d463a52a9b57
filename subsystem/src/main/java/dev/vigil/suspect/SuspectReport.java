package dev.vigil.suspect;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.jboss.dmr.ModelNode;

import dev.vigil.format.Bytes;

/**
 * What one ranking found, for one cause: the suspects, the baseline they were measured against, and the heap after
 * GC then and now. One mapping each to text (the log line, {@code NAME.suspects.txt}), to DMR (jboss-cli, the dump's
 * note) and, through {@link #toModel()}'s JSON, to JMX.
 *
 * @param cause    the cause in words ({@code watermark 'heap' entering WARNING}, {@code leak-suspects by jboss-cli})
 * @param judged   how the watermark judged the heap ({@code 71.2 % after GC}), or null
 */
public record SuspectReport(String cause, String judged, Instant time, Instant baselineTime, String baselineState, long heapAfterGcNow,
        long heapAfterGcBaseline, List<Suspect> suspects) {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    public SuspectReport {
        suspects = List.copyOf(suspects);
    }

    /** The first line: what the suspects are for and what they are measured against. */
    public String heading() {
        return String.format(Locale.ROOT, "Leak suspects for %s%s, against the baseline of %s (%s)%s:", cause, judged != null ? " (" + judged + ")" : "",
                clock(baselineTime), baselineState, heap());
    }

    private String heap() {
        if (heapAfterGcNow < 0 || heapAfterGcBaseline < 0) {
            return "";
        }
        return "; heap after GC " + Bytes.format(heapAfterGcBaseline) + " then, " + Bytes.format(heapAfterGcNow) + " now";
    }

    /** The heading and the first {@code n} suspects, each on two lines; "none above the thresholds" when there are none. */
    public String text(int n) {
        StringBuilder text = new StringBuilder(heading()).append('\n');
        if (suspects.isEmpty()) {
            text.append("  none: nothing grew above the thresholds since the baseline\n");
        }
        for (Suspect suspect : suspects.subList(0, Math.min(n, suspects.size()))) {
            text.append(describe(suspect)).append('\n');
        }
        return text.toString();
    }

    private String describe(Suspect s) {
        String since = " since " + clock(baselineTime) + " (" + baselineState + ")";
        if (s.kind().equals(Suspect.THREADS)) {
            return String.format(Locale.ROOT, "  %d. threads running %s (started by %s, %s):%n     %,d live, %+,d%s", s.rank(), s.name(), s.creator(),
                    deployment(s.deployment()), s.now(), s.growth(), since);
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %d. %s (%s): %+,d instances (%s), %,d now, %,d%s", s.rank(), s.name(),
                deployment(s.deployment()), s.growth(), signed(s.bytesGrowth()), s.now(), s.baseline(), since.replace(" since ", " at ")));
        if (s.growsWith() > 0) {
            line.append(", grows with suspect ").append(s.growsWith());
        }
        if (!s.alongside().isEmpty()) {
            line.append(";\n     ");
            for (int i = 0; i < s.alongside().size(); i++) {
                Suspect.Alongside a = s.alongside().get(i);
                line.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%s %+,d (%s)", a.className(), a.instancesGrowth(), signed(a.bytesGrowth())));
            }
            line.append(" alongside");
        }
        return line.toString();
    }

    /** {@code deployment shop.war}, {@code server}, {@code deployment not known}. */
    static String deployment(String deployment) {
        if (deployment == null) {
            return "deployment not known";
        }
        return deployment.startsWith("deployment.") ? "deployment " + deployment.substring("deployment.".length()) : deployment;
    }

    private static String signed(long bytes) {
        return (bytes < 0 ? "-" : "+") + Bytes.format(Math.abs(bytes));
    }

    private static String clock(Instant time) {
        return time == null ? "(none)" : CLOCK.format(LocalTime.ofInstant(time, ZoneId.systemDefault()));
    }

    /** The suspects as a list of objects: the {@code suspects} array of the dump's note, the operation's answer's. */
    public ModelNode suspectsModel() {
        ModelNode list = new ModelNode().setEmptyList();
        for (Suspect s : suspects) {
            ModelNode row = list.add();
            row.get("rank").set(s.rank());
            row.get("kind").set(s.kind());
            row.get("name").set(s.name());
            if (s.creator() != null) {
                row.get("creator").set(s.creator());
            }
            if (s.deployment() != null) {
                row.get("deployment").set(s.deployment());
            }
            row.get("now").set(s.now());
            row.get("baseline").set(s.baseline());
            row.get("growth").set(s.growth());
            if (s.bytesNow() >= 0) {
                row.get("bytes-now").set(s.bytesNow());
                row.get("bytes-baseline").set(s.bytesBaseline());
                row.get("bytes-growth").set(s.bytesGrowth());
            }
            if (s.growsWith() > 0) {
                row.get("grows-with").set(s.growsWith());
            }
            ModelNode alongside = row.get("alongside").setEmptyList();
            for (Suspect.Alongside a : s.alongside()) {
                ModelNode other = alongside.add();
                other.get("class").set(a.className());
                other.get("instances-growth").set(a.instancesGrowth());
                other.get("bytes-growth").set(a.bytesGrowth());
            }
        }
        return list;
    }

    /** The whole report: what the operation answers and the MBean's last result (as JSON). */
    public ModelNode toModel() {
        ModelNode node = new ModelNode();
        node.get("cause").set(cause);
        if (judged != null) {
            node.get("judged").set(judged);
        }
        node.get("time").set(time.toString());
        if (baselineTime != null) {
            node.get("baseline-time").set(baselineTime.toString());
        }
        node.get("baseline-state").set(baselineState);
        node.get("heap-after-gc").set(heapAfterGcNow);
        node.get("heap-after-gc-baseline").set(heapAfterGcBaseline);
        node.get("suspects").set(suspectsModel());
        return node;
    }
}
