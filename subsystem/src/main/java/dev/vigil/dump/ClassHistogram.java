package dev.vigil.dump;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.JMException;
import javax.management.ObjectName;

import org.jboss.dmr.ModelNode;

import dev.vigil.evidence.ClassCount;
import dev.vigil.evidence.HistogramSnapshot;
import dev.vigil.format.Bytes;

/**
 * A class histogram: which classes hold the most heap, from the JVM's DiagnosticCommand MBean (what
 * {@code jcmd <pid> GC.class_histogram} prints). A live histogram runs a full collection first.
 */
public record ClassHistogram(Instant time, boolean live, List<Entry> entries, long totalInstances, long totalBytes) {

    /** Entries kept: the top 50 by bytes. */
    public static final int TOP = 50;
    /** Entries logged and put in a dump's metadata. */
    public static final int SHORT = 10;

    private static final Pattern ROW = Pattern.compile("\\s*(\\d+):\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\((.*)\\))?\\s*");
    private static final Pattern TOTAL = Pattern.compile("\\s*Total\\s+(\\d+)\\s+(\\d+)\\s*");

    /** One class: its instances and the bytes they take (shallow), with a readable name ({@code byte[]}, not {@code [B}). */
    public record Entry(int rank, String className, long instances, long bytes, String module) {
    }

    public ClassHistogram {
        entries = List.copyOf(entries);
    }

    /** Takes a histogram of this JVM: live objects only (after a full collection), or all. */
    public static ClassHistogram take(boolean live) throws JMException {
        Instant time = Instant.now();
        return parse(text(live), time, live);
    }

    /**
     * The DiagnosticCommand's text: {@code GC.class_histogram} (live: a full collection first, then a heap walk) or
     * {@code GC.class_histogram -all} (a heap walk at a safepoint, no collection).
     */
    static String text(boolean live) throws JMException {
        ObjectName diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
        String[] arguments = live ? new String[0] : new String[] { "-all" };
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(diagnostics, "gcClassHistogram",
                new Object[] { arguments }, new String[] { String[].class.getName() });
    }

    /** Every row of the DiagnosticCommand's text, by class name, for the leak suspects. */
    static HistogramSnapshot snapshot(String text, Instant time, boolean live) {
        Map<String, ClassCount> classes = new HashMap<>();
        long totalBytes = 0;
        for (String line : text.split("\\R")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                String name = readable(row.group(4));
                long instances = Long.parseLong(row.group(2));
                long bytes = Long.parseLong(row.group(3));
                // one name, several loaders (two deployments, a redeployment): counted together
                classes.merge(name, new ClassCount(name, instances, bytes),
                        (a, b) -> new ClassCount(name, a.instances() + b.instances(), a.bytes() + b.bytes()));
                continue;
            }
            Matcher total = TOTAL.matcher(line);
            if (total.matches()) {
                totalBytes = Long.parseLong(total.group(2));
            }
        }
        return new HistogramSnapshot(time, live, classes, totalBytes);
    }

    /** Reads the DiagnosticCommand's text, keeping the top {@link #TOP} rows (the JVM sorts them by bytes). */
    static ClassHistogram parse(String text, Instant time, boolean live) {
        List<Entry> entries = new ArrayList<>();
        long totalInstances = 0;
        long totalBytes = 0;
        for (String line : text.split("\\R")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                if (entries.size() < TOP) {
                    entries.add(new Entry(Integer.parseInt(row.group(1)), readable(row.group(4)), Long.parseLong(row.group(2)),
                            Long.parseLong(row.group(3)), row.group(5)));
                }
                continue;
            }
            Matcher total = TOTAL.matcher(line);
            if (total.matches()) {
                totalInstances = Long.parseLong(total.group(1));
                totalBytes = Long.parseLong(total.group(2));
            }
        }
        return new ClassHistogram(time, live, entries, totalInstances, totalBytes);
    }

    /** {@code [B} as {@code byte[]}, {@code [[Ljava.lang.String;} as {@code java.lang.String[][]}. */
    static String readable(String jvmName) {
        int dimensions = 0;
        while (dimensions < jvmName.length() && jvmName.charAt(dimensions) == '[') {
            dimensions++;
        }
        if (dimensions == 0) {
            return jvmName;
        }
        String element = jvmName.substring(dimensions);
        String type;
        switch (element) {
            case "Z": type = "boolean"; break;
            case "B": type = "byte"; break;
            case "C": type = "char"; break;
            case "S": type = "short"; break;
            case "I": type = "int"; break;
            case "J": type = "long"; break;
            case "F": type = "float"; break;
            case "D": type = "double"; break;
            default:
                type = element.startsWith("L") && element.endsWith(";") ? element.substring(1, element.length() - 1) : element;
        }
        return type + "[]".repeat(dimensions);
    }

    /** The top {@code n} rows as a table, the way the log and the histogram file show them. */
    public String table(int n) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%5s %14s %14s  %s%n", "rank", "instances", "bytes", "class"));
        for (Entry entry : entries.subList(0, Math.min(n, entries.size()))) {
            table.append(String.format(Locale.ROOT, "%5d %14d %14d  %s (%s)%n", entry.rank(), entry.instances(), entry.bytes(),
                    entry.className(), Bytes.format(entry.bytes())));
        }
        table.append(String.format(Locale.ROOT, "%5s %14d %14d  (%s in all classes)%n", "total", totalInstances, totalBytes, Bytes.format(totalBytes)));
        return table.toString();
    }

    /** The top {@code n} rows as a list of objects, for a dump's metadata. */
    public ModelNode toModel(int n) {
        ModelNode list = new ModelNode().setEmptyList();
        for (Entry entry : entries.subList(0, Math.min(n, entries.size()))) {
            ModelNode row = list.add();
            row.get("rank").set(entry.rank());
            row.get("class").set(entry.className());
            row.get("instances").set(entry.instances());
            row.get("bytes").set(entry.bytes());
        }
        return list;
    }
}
