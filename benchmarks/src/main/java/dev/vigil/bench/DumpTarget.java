package dev.vigil.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.jboss.dmr.ModelNode;

import dev.vigil.dump.DumpRequest;
import dev.vigil.dump.HeapDump;
import dev.vigil.dump.HeapDumpException;
import dev.vigil.dump.HeapDumpSettings;
import dev.vigil.dump.HeapDumper;

/**
 * The JVM whose heap is dumped: {@link HeapDumpBenchmark} starts it, it fills its heap, then answers one command per
 * line on stdin, one line on stdout each (marked {@link #REPLY}). Vigil dumps it from inside; the harness runs jcmd against its pid, so both
 * tools write the very same heap.
 * <ul>
 * <li>{@code garbage}: leaves the same garbage before every dump, so that "all" dumps have some to write → {@code ok <heap used bytes>}
 * <li>{@code vigil <live> <compress>}: one HeapDumper dump into the directory → {@code <elapsed ms> <bytes> <ms at safepoints meanwhile>}
 * <li>{@code safepoints}: the JVM's total time at safepoints so far → {@code <ms>} (-1 if the JVM does not say), for the
 * pause of a jcmd dump: asked before and after it
 * </ul>
 * The first reply is {@code ready <heap used bytes> <java.runtime.version>}. Run with
 * {@code --add-exports=java.management/sun.management=ALL-UNNAMED}, or no pause is measured.
 * Usage: {@code DumpTarget <dump directory> <live MB>}
 */
public final class DumpTarget {

    static final String REPLY = "@@ ";

    /** What keeps the filled heap alive until the JVM exits. */
    private static final List<Object> ROOTS = new ArrayList<>();

    /** Garbage left before each dump. */
    private static final long GARBAGE_BYTES = 100L << 20;

    /** A small object in long chains, as in caches, sessions and ORM graphs: many objects, many references. */
    static final class Node {
        final long id;
        final int value;
        final String label;
        Node next;

        Node(long id, int value, String label) {
            this.id = id;
            this.value = value;
            this.label = label;
        }
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        long liveBytes = Long.parseLong(args[1]) << 20;
        // Fixed seed: every run dumps a heap of the same shape.
        Random random = new Random(42);
        fill(liveBytes, random);
        System.gc();
        HeapDumper dumper = new HeapDumper("benchmark",
                new HeapDumpSettings(directory, true, false, Integer.MAX_VALUE, Duration.ZERO, Duration.ZERO, 0, false),
                new HeapDumper.Listener() {
                    @Override
                    public void written(HeapDump dump) {
                    }

                    @Override
                    public void failed(DumpRequest request, HeapDumpException.Reason reason, String message) {
                        System.err.println("Vigil dump failed: " + message);
                    }
                }, ModelNode::new);
        reply("ready " + heapUsed() + " " + System.getProperty("java.runtime.version"));

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] command = line.trim().split("\\s+");
            switch (command[0]) {
                case "garbage" -> {
                    garbage();
                    reply("ok " + heapUsed());
                }
                case "vigil" -> {
                    long safepoints = Safepoints.totalMillis();
                    long start = System.nanoTime();
                    HeapDump dump = dumper.dump(DumpRequest.manual("benchmark", Instant.now()),
                            Boolean.parseBoolean(command[1]), Boolean.parseBoolean(command[2]), null);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    long paused = safepoints < 0 ? -1 : Safepoints.totalMillis() - safepoints;
                    reply(millis + " " + dump.sizeBytes() + " " + paused);
                }
                case "safepoints" -> reply(String.valueOf(Safepoints.totalMillis()));
                case "quit" -> {
                    return;
                }
                default -> reply("error unknown command " + line);
            }
        }
    }

    /**
     * A heap of the shapes a server holds, by (estimated, compressed-oops) bytes: 45% byte[] of mixed sizes and
     * contents, 20% linked small objects, 20% Strings, 15% HashMaps. The object count matters as much as the bytes:
     * a dump writes a record per object and an id per reference.
     */
    private static void fill(long bytes, Random random) {
        long arrays = bytes * 45 / 100;
        for (long done = 0; done < arrays; ) {
            byte[] array = array(random);
            ROOTS.add(array);
            done += 16 + array.length;
        }

        List<String> strings = new ArrayList<>();
        long stringBytes = bytes * 20 / 100;
        for (long done = 0; done < stringBytes; ) {
            String s = string(random);
            strings.add(s);
            done += 24 + 16 + s.length() + 4; // String, its byte[], the list's reference
        }
        ROOTS.add(strings);

        // Chains of ~2000 nodes, each labelled with one of the Strings above (shared, as labels usually are).
        long nodeBytes = bytes * 20 / 100;
        Node head = null;
        for (long done = 0, id = 0; done < nodeBytes; id++, done += 32) {
            Node node = new Node(id, random.nextInt(), strings.get(random.nextInt(strings.size())));
            node.next = head;
            head = node;
            if (id % 2000 == 1999) {
                ROOTS.add(head);
                head = null;
            }
        }
        ROOTS.add(head);

        // Maps of 5-100 entries: String keys of their own, boxed numbers, some values pointing into the Strings.
        long mapBytes = bytes * 15 / 100;
        for (long done = 0; done < mapBytes; ) {
            int entries = 5 + random.nextInt(96);
            Map<String, Object> map = new HashMap<>();
            for (int i = 0; i < entries; i++) {
                String key = "attribute." + i + "." + Integer.toHexString(random.nextInt());
                Object value = random.nextBoolean() ? (Object) (random.nextLong() >>> 20) : strings.get(random.nextInt(strings.size()));
                map.put(key, value);
                done += 32 + 24 + 16 + key.length() + 24; // entry, key, its bytes, a Long
            }
            done += 48 + 16 + 4L * entries * 2; // the map and its table
            ROOTS.add(map);
        }
    }

    private static final String[] WORDS = ("order customer invoice shipped pending total amount currency EUR USD id name email status "
            + "created updated item quantity price address city country session token user admin request response true false null")
            .split(" ");

    /**
     * Mostly small buffers, some medium, a few large. Contents decide how well a dump compresses: 10% random (encrypted
     * or compressed payloads), 45% text (documents, JSON), 45% buffers filled only in part (the rest zeros).
     */
    private static byte[] array(Random random) {
        double size = random.nextDouble();
        byte[] array = new byte[size < 0.80 ? 32 + random.nextInt(4064) : size < 0.98 ? 4096 + random.nextInt(61440) : 262144 + random.nextInt(786432)];
        double content = random.nextDouble();
        if (content < 0.10) {
            random.nextBytes(array);
        } else {
            int end = content < 0.55 ? array.length : random.nextInt(array.length);
            for (int i = 0; i < end; ) {
                byte[] word = (WORDS[random.nextInt(WORDS.length)] + (random.nextInt(4) == 0 ? random.nextInt(10_000) : "") + " ")
                        .getBytes(StandardCharsets.US_ASCII);
                int n = Math.min(word.length, end - i);
                System.arraycopy(word, 0, array, i, n);
                i += n;
            }
        }
        return array;
    }

    private static String string(Random random) {
        int n = random.nextInt(1_000_000);
        return switch (random.nextInt(4)) {
            case 0 -> "user-" + n + "@example.com";
            case 1 -> "/api/v1/orders/" + n + "/items?page=" + random.nextInt(50);
            case 2 -> "session." + Long.toHexString(random.nextLong());
            default -> "Order #" + n + " for customer " + random.nextInt(100_000) + ", status SHIPPED";
        };
    }

    /**
     * Leaves exactly {@link #GARBAGE_BYTES} of garbage in the old generation: what an "all" dump writes and a "live"
     * one (after its full GC) does not. Made reachable, moved to the old generation by a full GC (which also drops the
     * previous dump's garbage), then dropped: no young collection can take it before the dump, so every dump, Vigil's
     * or jcmd's, meets the same heap.
     */
    private static void garbage() {
        Random random = new Random(7); // the very same garbage each time
        List<Object> garbage = new ArrayList<>();
        for (long done = 0; done < GARBAGE_BYTES; ) {
            if (random.nextBoolean()) {
                byte[] array = new byte[32 + random.nextInt(8192)];
                garbage.add(array);
                done += 16 + array.length;
            } else {
                String s = string(random);
                garbage.add(s);
                done += 44 + s.length();
            }
        }
        System.gc();
        garbage.clear();
    }

    /** Replies start with a marker: whatever else lands on stdout (a logger's line) is not taken for one. */
    private static void reply(String reply) {
        System.out.println(REPLY + reply);
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
