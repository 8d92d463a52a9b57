package dev.vigil.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Writes a heap dump of a given file size, of the shapes a server's heap holds, for {@link AnalyzerBenchmark}: run in
 * a child JVM ({@code -Xmx2g}), it fills its own heap, dumps it ({@code HotSpotDiagnosticMXBean.dumpHeap(file, true)},
 * live objects only) and exits.
 * <p>
 * Of the mix, by dump bytes: 33 % HashMaps of String keys to small objects, 22 % Strings in ArrayLists, 12 % Object[]
 * and ArrayLists of small objects and boxed numbers, 32 % byte[], int[] and long[] of varied sizes (mostly small, some
 * medium, a few of 256 KB-2 MB), 1 % a LinkedList backlog of Items (its chain ~100,000 deep at 1000 MB); held in
 * 64 shards of buckets; about 11.5 million objects in a 1000 MB dump. Two leaks beside it, 12 % of the dump
 * each: 200 parked threads ({@link EnvelopeKeeper}) each keeping an {@link Envelope} of {@link Part}s in a local
 * variable (a stack root), and a static {@code HashMap<String, byte[]>} ({@link SessionCache}).
 * <p>
 * Calibrated on itself: the dump's bytes per object kind are estimated from the HPROF record layout (8-byte ids),
 * then measured: a dump of the JVM with only the leaks, one after a 16 MB probe of the mix, and the rest is filled by
 * the probe's measured ratio. Deterministic (fixed seed): the same target gives the same heap.
 * <p>
 * Usage: {@code DumpGenerator <file.hprof> <target MB>} (MB = 1,048,576 bytes); prints
 * {@code DUMP <bytes> <objects> <instances> <object arrays> <primitive arrays> <classes> <ms to fill> <ms to dump>} last,
 * the objects counted by reading the dump back.
 */
public final class DumpGenerator {

    /** Bumped whenever the heap's shape changes: {@link AnalyzerBenchmark} regenerates cached dumps of another version. */
    static final int VERSION = 4;

    static final String RESULT = "DUMP ";

    /**
     * Each leak's share of the dump: above the analyzer's suspect share (10 % of the heap), as a leak worth a report
     * grows to be; the rest of the mix is then ~75 %.
     */
    private static final int LEAK_PERCENT = 12;

    /** HPROF dump bytes per record, HotSpot on a 64-bit JVM (8-byte ids, whatever the oops are in memory). */
    private static final int ID = 8;
    private static final int INSTANCE = 1 + ID + 4 + ID + 4; // tag, id, stack serial, class id, length
    private static final int OBJECT_ARRAY = 1 + ID + 4 + 4 + ID; // tag, id, stack serial, length, class id
    private static final int PRIMITIVE_ARRAY = 1 + ID + 4 + 4 + 1; // tag, id, stack serial, length, type
    /** String: value, hash, coder, hashIsZero; and its Latin-1 byte[] (without the characters). */
    private static final int STRING = INSTANCE + ID + 4 + 1 + 1 + PRIMITIVE_ARRAY;
    /** HashMap: keySet, values (AbstractMap), table, entrySet, size, modCount, threshold, loadFactor. */
    private static final int HASH_MAP = INSTANCE + 4 * ID + 4 * 4;
    /** HashMap$Node: hash, key, value, next. */
    private static final int HASH_MAP_NODE = INSTANCE + 4 + 3 * ID;
    /** ArrayList: modCount (AbstractList), size, elementData. */
    private static final int ARRAY_LIST = INSTANCE + 4 + 4 + ID;
    /** {@link Item}: id, quantity, label, next. */
    private static final int ITEM = INSTANCE + 8 + 4 + 2 * ID;
    private static final int LONG = INSTANCE + 8;
    private static final int INTEGER = INSTANCE + 4;

    /**
     * What holds the mix, so that none of it is garbage at the dump: 64 shards (ArrayLists) of buckets (ArrayLists of
     * 256), filled round-robin, as a cache's segments would be; paths from the root are ~12 objects deep.
     */
    private static final List<List<List<Object>>> SHARDS = new ArrayList<>();
    private static final int BUCKET = 256;
    private static long added;
    /** A queue's backlog: a LinkedList of Items, 1 % of the mix, the deepest path and dominator chain of the heap. */
    private static final java.util.LinkedList<Item> BACKLOG = new java.util.LinkedList<>();
    private static final int LINKED_LIST_NODE = INSTANCE + 3 * ID;
    private static final String[] LABELS = new String[1000];
    private static final String[] WORDS = ("order customer invoice shipped pending total amount currency EUR USD id name email status "
            + "created updated item quantity price address city country session token user admin request response").split(" ");

    /** A small domain object: the values of the maps, the elements of the lists. */
    static final class Item {
        final long id;
        final int quantity;
        final String label;
        Item next;

        Item(long id, int quantity, String label) {
            this.id = id;
            this.quantity = quantity;
            this.label = label;
        }
    }

    /** The thread-held leak: what each parked thread keeps in a local variable. */
    static final class Envelope {
        final String id;
        final List<Part> parts = new ArrayList<>();

        Envelope(String id) {
            this.id = id;
        }
    }

    static final class Part {
        final String name;
        final byte[] payload;

        Part(String name, byte[] payload) {
            this.name = name;
            this.payload = payload;
        }
    }

    /** The static leak: a cache nobody evicts. */
    static final class SessionCache {
        static final Map<String, byte[]> SESSIONS = new HashMap<>();
    }

    /** Estimated dump bytes of the mix so far. */
    private static long estimated;
    private static long objects;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).toAbsolutePath();
        long target = Long.parseLong(args[1]) * 1048576L;
        Files.createDirectories(file.getParent());
        Random random = new Random(42);
        for (int i = 0; i < LABELS.length; i++) {
            LABELS[i] = WORDS[i % WORDS.length] + "-" + i;
        }
        long start = System.nanoTime();

        long leakBytes = target * LEAK_PERCENT / 100;
        CountDownLatch started = new CountDownLatch(200);
        envelopeKeepers(200, leakBytes, random, started);
        started.await();
        sessionCache(leakBytes, random);

        // Calibration: the JVM and the leaks alone, then a probe of the mix: measured dump bytes per estimated byte.
        Path probe = file.resolveSibling("probe-" + file.getFileName());
        long base = dumpSize(probe);
        long probeEstimate = 16L * 1048576;
        fill(probeEstimate, random);
        long probed = dumpSize(probe);
        double ratio = (double) (probed - base) / estimated;
        System.out.printf(Locale.ROOT, "calibration: %d bytes with the leaks only, %d after the probe: %.3f dump bytes per estimated byte%n", base,
                probed, ratio);
        long rest = (long) ((target - probed) / ratio);
        fill(estimated + rest, random);
        long fillMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(Locale.ROOT, "filled: %d objects of the mix, %d MB estimated (%.3f), heap used %d MB%n", objects, estimated / 1048576,
                ratio, heapUsed() / 1048576);

        Files.deleteIfExists(file);
        long dumpStart = System.nanoTime();
        dump(file);
        long dumpMs = (System.nanoTime() - dumpStart) / 1_000_000;
        long[] counted = count(file);
        long bytes = Files.size(file);
        System.out.printf(Locale.ROOT, "dump: %s, %d bytes (%.1f MB, %+.1f %% of the target), %d objects%n", file, bytes, bytes / 1048576.0,
                100.0 * (bytes - target) / target, counted[0]);
        System.out.printf(Locale.ROOT, "%s%d %d %d %d %d %d %d %d%n", RESULT, bytes, counted[0], counted[1], counted[2], counted[3], counted[4],
                fillMs, dumpMs);
        System.out.flush();
        System.exit(0); // the keepers are parked for good
    }

    /** Starts the keepers and returns; each builds its envelope before counting down. */
    private static void envelopeKeepers(int threads, long bytes, Random random, CountDownLatch started) {
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(new EnvelopeKeeper(t, bytes / threads, random.nextLong(), started), "envelope-keeper-" + t);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** A thread's task that builds its envelope and keeps it in a local variable, parked: reachable only from its stack. */
    static final class EnvelopeKeeper implements Runnable {
        private final int number;
        private final long bytes;
        private final long seed;
        private final CountDownLatch started;

        EnvelopeKeeper(int number, long bytes, long seed, CountDownLatch started) {
            this.number = number;
            this.bytes = bytes;
            this.seed = seed;
            this.started = started;
        }

        @Override
        public void run() {
            Random own = new Random(seed);
            Envelope envelope = new Envelope("envelope-" + number);
            for (long done = 0; done < bytes; ) {
                byte[] payload = new byte[256 + own.nextInt(768)];
                own.nextBytes(payload);
                envelope.parts.add(new Part("part-" + envelope.parts.size(), payload));
                done += PRIMITIVE_ARRAY + payload.length + INSTANCE + 2 * ID + STRING + 8 + ID;
            }
            started.countDown();
            while (envelope != null) {
                LockSupport.park(envelope);
            }
        }
    }

    private static void sessionCache(long bytes, Random random) {
        for (long done = 0; done < bytes; ) {
            byte[] session = new byte[1024 + random.nextInt(3072)];
            text(session, random);
            String key = "session-" + Long.toHexString(random.nextLong());
            SessionCache.SESSIONS.put(key, session);
            done += PRIMITIVE_ARRAY + session.length + STRING + key.length() + HASH_MAP_NODE + 2 * ID;
        }
    }

    /** Adds to the mix until its estimated dump bytes reach {@code until}, in rounds of ~1 MB split by share. */
    private static void fill(long until, Random random) {
        while (estimated < until) {
            long round = Math.min(1048576, until - estimated + 1);
            long end = estimated + round * 33 / 100;
            while (estimated < end) {
                map(random);
            }
            end = estimated + round * 22 / 100;
            while (estimated < end) {
                strings(random);
            }
            end = estimated + round * 12 / 100;
            while (estimated < end) {
                objectArray(random);
            }
            end = estimated + round * 32 / 100;
            while (estimated < end) {
                primitiveArray(random);
            }
            end = estimated + round / 100;
            while (estimated < end) {
                BACKLOG.add(new Item(BACKLOG.size(), random.nextInt(10), LABELS[random.nextInt(LABELS.length)]));
                estimated += LINKED_LIST_NODE + ITEM;
                objects += 2;
            }
        }
    }

    /** Into the next shard's last bucket (a new bucket when it is full). */
    private static void hold(Object object) {
        if (SHARDS.isEmpty()) {
            for (int i = 0; i < 64; i++) {
                SHARDS.add(new ArrayList<>());
            }
            estimated += 64 * (ARRAY_LIST + OBJECT_ARRAY + 16 * ID);
        }
        List<List<Object>> shard = SHARDS.get((int) (added++ % SHARDS.size()));
        if (shard.isEmpty() || shard.get(shard.size() - 1).size() == BUCKET) {
            shard.add(new ArrayList<>(BUCKET));
            estimated += ARRAY_LIST + OBJECT_ARRAY + BUCKET * ID + ID * 3 / 2;
            objects += 2;
        }
        shard.get(shard.size() - 1).add(object);
        estimated += ID;
    }

    /** A HashMap of 8-64 String keys (their own) to Items, or to Longs for one map in four. */
    private static void map(Random random) {
        int entries = 8 + random.nextInt(57);
        Map<String, Object> map = new HashMap<>();
        boolean longs = random.nextInt(4) == 0;
        for (int i = 0; i < entries; i++) {
            String key = "customer." + random.nextInt(1_000_000) + "." + Integer.toHexString(random.nextInt());
            Object value;
            if (longs) {
                value = random.nextLong() >>> 16;
                estimated += LONG;
            } else {
                value = new Item(random.nextLong(), random.nextInt(100), LABELS[random.nextInt(LABELS.length)]);
                estimated += ITEM;
            }
            if (map.put(key, value) == null) {
                estimated += HASH_MAP_NODE + STRING + key.length();
                objects += 4;
            }
        }
        estimated += HASH_MAP + OBJECT_ARRAY + (long) ID * tableSize(map.size());
        objects += 2;
        hold(map);
    }

    private static int tableSize(int entries) {
        int table = 16;
        while (entries > table * 3 / 4) {
            table *= 2;
        }
        return table;
    }

    /** An ArrayList of 50-500 distinct Strings, 8-120 characters. */
    private static void strings(Random random) {
        int n = 50 + random.nextInt(451);
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String s = string(random);
            list.add(s);
            estimated += STRING + s.length() + ID;
        }
        estimated += ARRAY_LIST + OBJECT_ARRAY;
        objects += 2L * n + 2;
        hold(list);
    }

    private static String string(Random random) {
        int n = random.nextInt(1_000_000);
        return switch (random.nextInt(5)) {
            case 0 -> "user-" + n + "@example.com";
            case 1 -> "/api/v1/orders/" + n + "/items?page=" + random.nextInt(50);
            case 2 -> "session." + Long.toHexString(random.nextLong());
            case 3 -> "id" + n;
            default -> "Order #" + n + " for customer " + random.nextInt(100_000) + ", status SHIPPED, total " + random.nextInt(10_000) + ".00 EUR";
        };
    }

    /** An Object[] (or, one in three, an ArrayList) of 16-256 Items chained in pairs, Longs and Integers. */
    private static void objectArray(Random random) {
        int n = 16 + random.nextInt(241);
        Object[] array = new Object[n];
        Item previous = null;
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(3)) {
                case 0 -> {
                    Item item = new Item(i, random.nextInt(1000), LABELS[random.nextInt(LABELS.length)]);
                    if (previous != null && random.nextBoolean()) {
                        item.next = previous;
                    }
                    previous = item;
                    array[i] = item;
                    estimated += ITEM;
                }
                case 1 -> {
                    array[i] = random.nextLong();
                    estimated += LONG;
                }
                default -> {
                    array[i] = random.nextInt() | 0x4000_0000; // outside Integer's cache
                    estimated += INTEGER;
                }
            }
        }
        estimated += OBJECT_ARRAY + (long) ID * n;
        objects += n + 1;
        if (random.nextInt(3) == 0) {
            hold(new ArrayList<>(List.of(array)));
            estimated += ARRAY_LIST + OBJECT_ARRAY + (long) ID * n; // List.of copies, the ArrayList copies again: the first copy is garbage
            objects += 1;
        } else {
            hold(array);
        }
    }

    /**
     * byte[] 60 %, int[] 25 %, long[] 15 % of the arrays; by count 85 % small (16-1024 elements), 14 % medium (to 16 K),
     * 1 % large (64 K-256 K elements). Byte arrays hold text or random bytes; the numbers are random.
     */
    private static void primitiveArray(Random random) {
        double size = random.nextDouble();
        int n = size < 0.85 ? 16 + random.nextInt(1009) : size < 0.99 ? 1024 + random.nextInt(15361) : 65536 + random.nextInt(196609);
        double kind = random.nextDouble();
        if (kind < 0.60) {
            byte[] array = new byte[n];
            if (random.nextBoolean()) {
                text(array, random);
            } else {
                random.nextBytes(array);
            }
            hold(array);
            estimated += PRIMITIVE_ARRAY + n;
        } else if (kind < 0.85) {
            n = Math.max(4, n / 4);
            int[] array = new int[n];
            for (int i = 0; i < n; i++) {
                array[i] = random.nextInt();
            }
            hold(array);
            estimated += PRIMITIVE_ARRAY + 4L * n;
        } else {
            n = Math.max(2, n / 8);
            long[] array = new long[n];
            for (int i = 0; i < n; i++) {
                array[i] = random.nextLong();
            }
            hold(array);
            estimated += PRIMITIVE_ARRAY + 8L * n;
        }
        objects++;
    }

    private static void text(byte[] array, Random random) {
        for (int i = 0; i < array.length; ) {
            String word = WORDS[random.nextInt(WORDS.length)];
            for (int c = 0; c < word.length() && i < array.length; c++) {
                array[i++] = (byte) word.charAt(c);
            }
            if (i < array.length) {
                array[i++] = ' ';
            }
        }
    }

    private static long dumpSize(Path file) throws IOException {
        Files.deleteIfExists(file);
        dump(file);
        long size = Files.size(file);
        Files.delete(file);
        return size;
    }

    private static void dump(Path file) throws IOException {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Reads an HPROF file's records: {objects (instances and arrays), instances, object arrays, primitive arrays,
     * classes}. Only the heap dump's sub-record headers are parsed; every body is skipped by its length.
     */
    static long[] count(Path file) throws IOException {
        long instances = 0;
        long objectArrays = 0;
        long primitiveArrays = 0;
        long classes = 0;
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
            while (in.readByte() != 0) {
                // the header's format name, up to its NUL
            }
            int id = in.readInt();
            in.readLong(); // time stamp
            while (true) {
                int tag;
                try {
                    tag = in.readUnsignedByte();
                } catch (EOFException end) {
                    break;
                }
                in.readInt(); // time
                long length = Integer.toUnsignedLong(in.readInt());
                if (tag != 0x0C && tag != 0x1C) {
                    in.skipNBytes(length);
                    continue;
                }
                long read = 0;
                while (read < length) {
                    int sub = in.readUnsignedByte();
                    read++;
                    long body = switch (sub) {
                        case 0xFF, 0x05, 0x07 -> id; // unknown, sticky class, monitor used
                        case 0x01 -> 2L * id; // JNI global
                        case 0x02, 0x03, 0x08 -> id + 8L; // JNI local, Java frame, thread object
                        case 0x04, 0x06 -> id + 4L; // native stack, thread block
                        case 0x20 -> {
                            classes++;
                            yield classDump(in, id);
                        }
                        case 0x21 -> {
                            instances++;
                            in.skipNBytes(id + 4 + id);
                            yield 2L * id + 8 + skip(in, Integer.toUnsignedLong(in.readInt()));
                        }
                        case 0x22 -> {
                            objectArrays++;
                            in.skipNBytes(id + 4);
                            long n = Integer.toUnsignedLong(in.readInt());
                            in.skipNBytes(id);
                            yield 2L * id + 8 + skip(in, n * id);
                        }
                        case 0x23 -> {
                            primitiveArrays++;
                            in.skipNBytes(id + 4);
                            long n = Integer.toUnsignedLong(in.readInt());
                            int type = in.readUnsignedByte();
                            yield id + 9 + skip(in, n * size(type, id));
                        }
                        default -> throw new IOException("unknown heap dump sub-record 0x" + Integer.toHexString(sub) + " in " + file);
                    };
                    if (sub < 0x20 || sub > 0x23) { // a root: its body is still to skip
                        in.skipNBytes(body);
                    }
                    read += body;
                }
            }
        }
        return new long[] { instances + objectArrays + primitiveArrays, instances, objectArrays, primitiveArrays, classes };
    }

    private static long skip(DataInputStream in, long bytes) throws IOException {
        in.skipNBytes(bytes);
        return bytes;
    }

    /** Reads a class dump's body; returns its length. */
    private static long classDump(DataInputStream in, int id) throws IOException {
        long read = 0;
        read += skip(in, id + 4 + 6L * id + 4); // class, stack serial, super, loader, signers, domain, 2 reserved; instance size
        int constants = in.readUnsignedShort();
        read += 2;
        for (int i = 0; i < constants; i++) {
            in.skipNBytes(2);
            int type = in.readUnsignedByte();
            read += 3 + skip(in, size(type, id));
        }
        int statics = in.readUnsignedShort();
        read += 2;
        for (int i = 0; i < statics; i++) {
            in.skipNBytes(id);
            int type = in.readUnsignedByte();
            read += id + 1 + skip(in, size(type, id));
        }
        int fields = in.readUnsignedShort();
        read += 2 + skip(in, (long) fields * (id + 1));
        return read;
    }

    private static int size(int type, int id) throws IOException {
        return switch (type) {
            case 2 -> id; // object
            case 4, 8 -> 1; // boolean, byte
            case 5, 9 -> 2; // char, short
            case 6, 10 -> 4; // float, int
            case 7, 11 -> 8; // double, long
            default -> throw new IOException("unknown HPROF basic type " + type);
        };
    }

    private DumpGenerator() {
    }
}
