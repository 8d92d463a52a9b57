package dev.vigil.analyzer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.analyzer.hprof.GcRoots;
import dev.vigil.analyzer.hprof.HeapDetails;
import dev.vigil.analyzer.hprof.HeapGraph;
import dev.vigil.analyzer.hprof.StackTraces;

/**
 * The live threads of a dump (its {@code ROOT_THREAD_OBJ} roots) and their origins, named as the thread census names
 * them: entry (the first frame outside the machinery from the bottom of the stack, else the Thread subclass), creator
 * (from the census companion only) and deployment (of the context class loader); grouped by the three.
 */
final class ThreadOrigins {

    /** One live thread. */
    record ThreadInfo(int node, int serial, String name, long tid, String entry, String creator, String deployment) {
    }

    /** The threads of one origin. */
    static final class Group {
        final int index;
        final String entry;
        final String creator;
        final String deployment;
        final List<ThreadInfo> threads = new ArrayList<>();

        Group(int index, String entry, String creator, String deployment) {
            this.index = index;
            this.entry = entry;
            this.creator = creator;
            this.deployment = deployment;
        }
    }

    final List<ThreadInfo> threads = new ArrayList<>();
    final List<Group> groups = new ArrayList<>();
    private final Map<Integer, Group> groupOfSerial = new HashMap<>();
    private final Map<Integer, ThreadInfo> threadOfSerial = new HashMap<>();
    private final Map<Integer, ThreadInfo> threadOfNode = new HashMap<>();

    static ThreadOrigins resolve(HeapGraph heap, HeapDetails details, LoaderLabels loaders, ThreadsCompanion census) {
        ThreadOrigins origins = new ThreadOrigins();
        Map<List<String>, Group> byKey = new LinkedHashMap<>();
        GcRoots roots = heap.roots();
        for (int i = 0; i < roots.count(); i++) {
            if (roots.kind(i) != GcRoots.THREAD_OBJ || origins.threadOfSerial.containsKey(roots.threadSerial(i))) {
                continue;
            }
            int node = roots.node(i);
            int serial = roots.threadSerial(i);
            // by the fields java.lang.Thread declares: a subclass may declare a field of the same name
            String name = details.string(threadReference(details, node, "name"));
            if (name == null) {
                name = "thread " + serial;
            }
            long tid = details.field(node, THREAD, "tid", -1);
            int slot = heap.classOf(node);
            String threadClass = slot < 0 ? "java.lang.Thread" : heap.classes().name(slot);
            String entry = entry(heap.traces().frames(roots.extra(i)), threadClass);
            String context = loaders.label(threadReference(details, node, "contextClassLoader"));
            String deployment = context.startsWith("deployment.") ? context : LoaderLabels.SERVER;
            String creator = dev.vigil.analyzer.report.ThreadOriginRow.UNKNOWN;
            ThreadsCompanion.Line line = census == null ? null : census.thread(tid);
            if (line != null) {
                entry = line.entry();
                creator = line.creator();
                deployment = line.deployment();
            }
            ThreadInfo info = new ThreadInfo(node, serial, name, tid, entry, creator, deployment);
            List<String> key = List.of(entry, creator, deployment);
            Group group = byKey.computeIfAbsent(key, k -> {
                Group g = new Group(origins.groups.size(), k.get(0), k.get(1), k.get(2));
                origins.groups.add(g);
                return g;
            });
            group.threads.add(info);
            origins.threads.add(info);
            origins.groupOfSerial.put(serial, group);
            origins.threadOfSerial.put(serial, info);
            origins.threadOfNode.put(node, info);
        }
        return origins;
    }

    private static final String THREAD = "java.lang.Thread";

    private static int threadReference(HeapDetails details, int node, String field) {
        long id = details.field(node, THREAD, field, 0);
        return id == 0 ? -1 : details.node(id);
    }

    /** The first frame from the bottom outside the machinery; else the Thread subclass if it is none; else unknown. */
    static String entry(List<StackTraces.Frame> frames, String threadClass) {
        for (int f = frames.size() - 1; f >= 0; f--) {
            String c = frames.get(f).className();
            if (!Names.isMachinery(c)) {
                return Names.withoutLambda(c);
            }
        }
        if (!threadClass.equals("java.lang.Thread") && !Names.isMachinery(threadClass)) {
            return Names.withoutLambda(threadClass);
        }
        return dev.vigil.analyzer.report.ThreadOriginRow.UNKNOWN;
    }

    /** The group of the thread with serial {@code serial}, null if no live thread has it. */
    Group groupOfSerial(int serial) {
        return groupOfSerial.get(serial);
    }

    ThreadInfo threadOfSerial(int serial) {
        return threadOfSerial.get(serial);
    }

    /** The thread whose Thread object is {@code node}, null if none. */
    ThreadInfo threadOfNode(int node) {
        return threadOfNode.get(node);
    }
}
