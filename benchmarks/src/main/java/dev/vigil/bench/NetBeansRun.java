package dev.vigil.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

import org.netbeans.lib.profiler.heap.Heap;
import org.netbeans.lib.profiler.heap.HeapFactory;
import org.netbeans.lib.profiler.heap.HeapSummary;
import org.netbeans.lib.profiler.heap.Instance;

/**
 * The baseline {@link AnalyzerBenchmark} runs in a child JVM with the analyzer's {@code -Xmx}: NetBeans' profiler
 * library ({@code org-netbeans-lib-profiler}, the heap walker VisualVM is built on) reading the same dump. It parses
 * ({@code HeapFactory.createHeap}), takes the summary and walks every instance for its count and shallow sizes, then
 * asks the retained size of the 10 biggest instances (its dominator tree over the whole heap, computed on the first
 * call). Prints one line per step, {@code NB <step> <ms since start> [values]}, and {@code NB error <step> <ms>
 * <exception>} when one fails: the harness reads them and kills this JVM when it takes too long.
 * <p>
 * Usage: {@code NetBeansRun <dump.hprof>}. NetBeans writes its index beside the dump ({@code <dump>.nbcache}) and reuses
 * it on the next run: the harness deletes it before and after.
 */
public final class NetBeansRun {

    public static void main(String[] args) {
        long start = System.nanoTime();
        String step = "parse";
        try {
            Heap heap = HeapFactory.createHeap(new File(args[0]));
            report("parse", start, "");
            step = "summary";
            HeapSummary summary = heap.getSummary();
            report("summary", start, summary.getTotalLiveInstances() + " " + summary.getTotalLiveBytes());

            step = "instances";
            PriorityQueue<Instance> biggest = new PriorityQueue<>(Comparator.comparingLong(Instance::getSize));
            long count = 0;
            long bytes = 0;
            for (Iterator<?> all = heap.getAllInstancesIterator(); all.hasNext(); ) {
                Instance instance = (Instance) all.next();
                long size = instance.getSize();
                count++;
                bytes += size;
                if (biggest.size() < 10) {
                    biggest.add(instance);
                } else if (size > biggest.peek().getSize()) {
                    biggest.poll();
                    biggest.add(instance);
                }
            }
            report("instances", start, count + " " + bytes);

            step = "retained";
            List<Instance> top = new ArrayList<>(biggest);
            top.sort(Comparator.comparingLong(Instance::getSize).reversed());
            StringBuilder retained = new StringBuilder();
            for (Instance instance : top) {
                retained.append(' ').append(instance.getRetainedSize());
            }
            report("retained", start, retained.toString().trim());
        } catch (Throwable e) {
            StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
            System.out.println("NB error " + step + " " + millis(start) + " " + e.getClass().getSimpleName()
                    + (at != null ? " at " + at.getClassName().substring(at.getClassName().lastIndexOf('.') + 1) + "." + at.getMethodName() : ""));
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void report(String step, long start, String values) {
        System.out.println("NB " + step + " " + millis(start) + (values.isEmpty() ? "" : " " + values));
        System.out.flush();
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private NetBeansRun() {
    }
}
