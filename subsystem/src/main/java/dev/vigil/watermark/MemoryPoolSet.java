package dev.vigil.watermark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.vigil.VigilLogger;

/**
 * The JVM memory pools one watermark adds up. "heap" stands for every heap pool; the heap's share of the
 * maximum is the heap's maximum (-Xmx), since any heap pool may grow into it. A non-heap pool counts only if
 * it has a maximum of its own.
 */
public final class MemoryPoolSet {

    public static final String HEAP = "heap";

    private final List<String> names;
    private final List<MemoryPoolMXBean> heapPools;
    private final List<MemoryPoolMXBean> otherPools;
    private final List<MemoryPoolMXBean> allPools = new ArrayList<>();

    private MemoryPoolSet(List<String> names, List<MemoryPoolMXBean> heapPools, List<MemoryPoolMXBean> otherPools) {
        this.names = names;
        this.heapPools = heapPools;
        this.otherPools = otherPools;
        allPools.addAll(heapPools);
        allPools.addAll(otherPools);
    }

    /**
     * @throws IllegalArgumentException naming the pool that does not exist or cannot be measured, and the allowed names
     */
    public static MemoryPoolSet resolve(List<String> names) {
        String given = String.join(",", names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException(VigilLogger.ROOT_LOGGER.noPools(given));
        }
        Map<String, MemoryPoolMXBean> pools = new LinkedHashMap<>();
        ManagementFactory.getMemoryPoolMXBeans().forEach(pool -> pools.put(pool.getName(), pool));
        Map<String, MemoryPoolMXBean> heap = new LinkedHashMap<>();
        Map<String, MemoryPoolMXBean> other = new LinkedHashMap<>();
        for (String name : names) {
            if (HEAP.equals(name)) {
                pools.values().stream().filter(pool -> pool.getType() == MemoryType.HEAP).forEach(pool -> heap.put(pool.getName(), pool));
                continue;
            }
            MemoryPoolMXBean pool = pools.get(name);
            if (pool == null) {
                throw new IllegalArgumentException(VigilLogger.ROOT_LOGGER.unknownPool(given, name, pools.keySet()));
            }
            if (pool.getType() == MemoryType.HEAP) {
                heap.put(name, pool);
            } else if (pool.getUsage().getMax() < 0) {
                List<String> bounded = pools.values().stream().filter(p -> p.getType() == MemoryType.HEAP || p.getUsage().getMax() >= 0)
                        .map(MemoryPoolMXBean::getName).collect(Collectors.toList());
                bounded.add(0, HEAP);
                throw new IllegalArgumentException(VigilLogger.ROOT_LOGGER.poolWithoutMaximum(given, name, bounded));
            } else {
                other.put(name, pool);
            }
        }
        return new MemoryPoolSet(List.copyOf(names), List.copyOf(heap.values()), List.copyOf(other.values()));
    }

    public List<String> names() {
        return names;
    }

    /** "heap" or "G1 Old Gen, Metaspace". */
    public String describe() {
        return String.join(", ", names);
    }

    public long max() {
        long max = heapPools.isEmpty() ? 0 : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        for (MemoryPoolMXBean pool : otherPools) {
            max += Math.max(0, pool.getUsage().getMax());
        }
        return max;
    }

    /** What the pools use now, garbage included. */
    public Reading current() {
        long used = 0;
        for (MemoryPoolMXBean pool : allPools) {
            used += pool.getUsage().getUsed();
        }
        return new Reading(used, max());
    }

    /**
     * What the pools used right after a collection, from its GcInfo; a pool the collection does not report counts
     * with its usage after its own last collection, else with its usage now.
     */
    public Reading afterGc(Map<String, MemoryUsage> usageAfterGc) {
        long used = 0;
        for (MemoryPoolMXBean pool : allPools) {
            used += afterGc(pool, usageAfterGc);
        }
        return new Reading(used, max());
    }

    /** The usage after the last collection of each pool, if every pool has one (the JVM keeps none before the first GC). */
    public Reading lastCollection() {
        if (ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> Math.max(0, gc.getCollectionCount())).sum() == 0) {
            return null;
        }
        long used = 0;
        for (MemoryPoolMXBean pool : allPools) {
            MemoryUsage usage = pool.getCollectionUsage();
            if (usage == null) {
                return null;
            }
            used += usage.getUsed();
        }
        return new Reading(used, max());
    }

    private static long afterGc(MemoryPoolMXBean pool, Map<String, MemoryUsage> usageAfterGc) {
        MemoryUsage usage = usageAfterGc.get(pool.getName());
        if (usage == null) {
            usage = pool.getCollectionUsage();
        }
        if (usage == null) {
            usage = pool.getUsage();
        }
        return usage.getUsed();
    }
}
