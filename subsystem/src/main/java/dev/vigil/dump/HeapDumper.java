package dev.vigil.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.zip.Deflater;

import org.jboss.dmr.ModelNode;

import com.sun.management.HotSpotDiagnosticMXBean;

import dev.vigil.VigilLogger;
import dev.vigil.format.Bytes;

/**
 * Writes heap dumps into one directory, safely: one at a time, triggered ones no closer than the cooldown, manual ones
 * no closer than min-interval, only when the disk has room, owner-only, under a hidden name until complete, never more
 * than max-dumps of them. Waits are measured on a monotonic clock. Plain Java: the server's service, the MBean and the
 * tests drive it alike.
 * <p>
 * <b>How the JVM is dumped, per JDK.</b> Always {@code HotSpotDiagnosticMXBean.dumpHeap}, the platform MXBean called
 * directly (not through WildFly's MBeanServer and its RBAC), raw; a compressed dump is gzipped by a child process
 * while it is written (below). What the JDKs offer in process, read in HotSpot's sources and measured
 * ({@code HeapDumpBenchmark}, 2 cores, ~544 MB live, 2026-12-02):
 * <ul>
 * <li>JDK 17 and 21: {@code dumpHeap} writes on one thread, all of it inside the safepoint: the pause is the dump.
 * <li>JDK 22 and later (two-phase segmented dump): {@code dumpHeap} dumps the objects in parallel on
 * max(1, 3/8 of the cores) threads into segment files inside the safepoint, then merges them after it. Already the
 * default, nothing to ask for (on 2 cores one thread, still segmented: the merge is outside the pause).
 * <li>{@code GC.heap_dump}, with its {@code -parallel=N} and {@code -gz=N}, is not an operation of the DiagnosticCommand
 * MBean on any JDK (HotSpot registers it for the attach API only; 17 and 25 checked): in process there is nothing
 * else to call. Attaching to itself needs {@code -Djdk.attach.allowAttachSelf}, which a server must not be given.
 * <li>Compressing inside the dump ({@code jcmd -gz=1}; what {@code HeapDumpGzipLevel} does for the OutOfMemoryError
 * dump) keeps the application stopped for the compression too: a live {@code jcmd -gz=1} paused 5.2 s on JDK 17 and
 * 12.0 s on JDK 25, where the raw dump pauses 2.4 s and 3.4 s. So Vigil never compresses inside the dump.
 * </ul>
 * <b>Compressed dumps: gzipped while written, by a child.</b> Gzipping the complete raw file after the dump (the
 * first design) made the total the dump plus the gzip: 1.47 (live) and 1.37 (all) times {@code jcmd -gz=1} on JDK 17.
 * Threads of the server cannot gzip during the dump, the safepoint stops them too; a child process is not stopped. So
 * with {@code compress=true} Vigil first starts {@link GzipFollower} (the server's own java, {@code nice -n 19}, 64 MB
 * of heap, {@link ParallelGzip}'s threads), which creates the {@code .gz} part and reads the raw file as the JVM writes
 * it; then calls {@code dumpHeap}; then writes the raw file's final size on the child's stdin and waits for it (at most
 * twice the size at 20 MB/s, at least 60 s; killed past that). The pause stays the raw dump's (the child runs at the
 * lowest priority, on the other cores); the total becomes about the longer of the dump and the gzip. JDK 17 writes the
 * file sequentially inside the pause, so the child compresses alongside; JDK 22+ writes segments in the pause and
 * merges them into the file after it, so there the child follows the merge. Whatever goes wrong with the child (it
 * cannot start, exits non-zero, times out, leaves no part), the complete raw file is gzipped in process as before and
 * VIGIL0236 says so once: a dump is never lost to its compression. The child exits, deleting its part, when its stdin
 * ends without a size, so it does not outlive a dead server. Measured (2026-12-02 05:07, 2 cores at load 4-10),
 * against {@code jcmd -gz=1}'s total: 1.13 (live) and 0.81 (all) on JDK 17, 0.77 and 0.74 on JDK 25, where gzipping
 * after the dump had given 1.47, 1.37, 1.08 and 1.21; the pause was the raw dump's on JDK 25, 12 % and 20 % longer on
 * JDK 17 in that busy run (8-13 % without the child before). The table is in docs/heap-dumps.md#costs.
 */
public final class HeapDumper {

    /** Writes the JVM's heap to a file ending in {@code .hprof}, which must not exist yet. */
    @FunctionalInterface
    interface HeapWriter {
        void dump(Path file, boolean live) throws IOException;
    }

    /** Hears about every dump written, failed, or refused for the disk (refusals for busy, cooldown, min-interval are not reported). */
    public interface Listener {
        void written(HeapDump dump);

        void failed(DumpRequest request, HeapDumpException.Reason reason, String message);
    }

    /** The dump being written: who asked, since when, into which file. */
    public record InProgress(String requestedBy, Instant since, String file) {
    }

    /** gzip level: fast; a heap dump compresses well even so. */
    static final int GZIP_LEVEL = Deflater.BEST_SPEED;
    /** The action names the cooldowns are kept under (as the watermark actions are named). */
    public static final String DUMP_HEAP = "dump-heap";

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final long PID = ProcessHandle.current().pid();
    private static final String MANUAL = "manual dump-heap";

    private final String server;
    private final HeapWriter writer;
    private final LongSupplier heapUsed;
    private final ToLongFunction<Path> usableSpace;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Listener listener;
    private final Supplier<ModelNode> watermarks;
    private final Cooldowns cooldowns;
    private volatile FollowerCommand followerCommand = GzipFollower::command;

    private volatile HeapDumpSettings settings;
    private volatile DumpDirectory directory;
    private final AtomicReference<InProgress> inProgress = new AtomicReference<>();
    private final AtomicLong dumpsTaken = new AtomicLong();
    /** Requests the rules refused (busy, cooldown, min-interval, disk): each request counted once, where it was refused. */
    private final AtomicLong dumpsRefused = new AtomicLong();
    /** Dumps begun that did not complete: the directory unusable, the JVM or the file system failing while writing. */
    private final AtomicLong dumpsFailed = new AtomicLong();
    private volatile HeapDump lastDump;

    /**
     * @param server     the server's name, first part of every file name
     * @param watermarks the watermarks' states and numbers, written into each dump's metadata
     */
    public HeapDumper(String server, HeapDumpSettings settings, Listener listener, Supplier<ModelNode> watermarks) {
        this(server, settings, listener, watermarks, HeapDumper::dumpThisJvm, HeapDumper::heapUsed, HeapDumper::usableSpace, Clock.systemUTC(),
                System::nanoTime);
    }

    /** @param nanoTime the monotonic clock of waits and durations; {@code clock} only names and dates things */
    HeapDumper(String server, HeapDumpSettings settings, Listener listener, Supplier<ModelNode> watermarks, HeapWriter writer,
            LongSupplier heapUsed, ToLongFunction<Path> usableSpace, Clock clock, LongSupplier nanoTime) {
        this.server = DumpDirectory.fileNamePart(server);
        this.listener = listener;
        this.watermarks = watermarks;
        this.writer = writer;
        this.heapUsed = heapUsed;
        this.usableSpace = usableSpace;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.cooldowns = new Cooldowns(nanoTime);
        reconfigure(settings);
    }

    public void reconfigure(HeapDumpSettings settings) {
        this.settings = settings;
        this.directory = new DumpDirectory(settings.directory(), server);
    }

    public HeapDumpSettings settings() {
        return settings;
    }

    public DumpDirectory directory() {
        return directory;
    }

    public long dumpsTaken() {
        return dumpsTaken.get();
    }

    /**
     * Dump requests refused by the rules since start: busy, cooldown (triggered), min-interval (manual), disk. A manual
     * request refused by {@link #refuseManual} is counted there and never reaches {@link #dump}; one that passes it is
     * counted by {@link #dump} if refused there.
     */
    public long dumpsRefused() {
        return dumpsRefused.get();
    }

    /** Dumps that failed since start: the directory could not be made or written, or the write itself failed. */
    public long dumpsFailed() {
        return dumpsFailed.get();
    }

    /** The last dump this server wrote since it started; null before the first. */
    public HeapDump lastDump() {
        return lastDump;
    }

    /** The dump being written now; null if none. */
    public InProgress inProgress() {
        return inProgress.get();
    }

    /**
     * The file the JVM's own dump on OutOfMemoryError goes to: named for this JVM run
     * ({@code <server>-<pid>-<JVM start>-out-of-memory}), so neither a reused pid (every run in a container is pid 1)
     * nor an old dump blocks it. The JVM appends nothing to a file name, so {@code .gz} is ours to add.
     */
    public Path outOfMemoryFile(boolean compress) {
        Instant jvmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        return directory.resolve(server + "-" + PID + "-" + NAME_TIME.format(jvmStart.atZone(ZoneId.systemDefault())) + "-"
                + DumpDirectory.OUT_OF_MEMORY + (compress ? DumpDirectory.GZIP : DumpDirectory.RAW));
    }

    /**
     * Lets a triggered action run, or refuses it with {@link HeapDumpException.Reason#COOLDOWN} while it is within the
     * cooldown of its last run; the cooldown is kept per action ({@code histogram}, {@code thread-census}).
     */
    public void admit(String action, DumpRequest request) throws HeapDumpException {
        Duration cooldown = settings.cooldown();
        Duration left = cooldowns.claim(action, cooldown);
        if (!left.isZero()) {
            throw cooldownRefusal(action, request, cooldown, left);
        }
    }

    /**
     * Refuses a manual dump that could not run now, before anything is claimed: busy, within min-interval, or no room
     * on the disk (reported to the listener). The management operation asks this first, so that a refusal is a refused
     * request, not a failure of the server; {@link #dump} checks the same again.
     */
    public void refuseManual(DumpRequest request, boolean compress) throws HeapDumpException {
        InProgress holder = inProgress.get();
        if (holder != null) {
            throw refused(busy(holder));
        }
        checkInterval(settings);
        try {
            checkSpace(directory, settings, compress);
        } catch (HeapDumpException e) {
            listener.failed(request, e.reason(), e.getMessage());
            throw e;
        }
    }

    /**
     * Writes a dump, or refuses: {@link HeapDumpException.Reason#BUSY} while another is written (naming who asked
     * and since when), {@link HeapDumpException.Reason#COOLDOWN} for a triggered request within the cooldown,
     * {@link HeapDumpException.Reason#INTERVAL} for a manual one within min-interval of the last manual dump's end,
     * {@link HeapDumpException.Reason#DISK} when the disk would keep less than min-free-space.
     *
     * @param histogram a histogram taken for the same cause, written beside the dump; null if none
     */
    public HeapDump dump(DumpRequest request, boolean live, boolean compress, ClassHistogram histogram) throws HeapDumpException {
        return dump(request, live, compress, histogram, new ModelNode());
    }

    /**
     * A dump whose note carries {@code notes} too (each key a field of the note, e.g. the suspects found for the same
     * cause); see {@link #dump(DumpRequest, boolean, boolean, ClassHistogram)}.
     */
    public HeapDump dump(DumpRequest request, boolean live, boolean compress, ClassHistogram histogram, ModelNode notes) throws HeapDumpException {
        HeapDumpSettings settings = this.settings;
        DumpDirectory directory = this.directory;
        Instant started = clock.instant();
        long startedNanos = nanoTime.getAsLong();
        InProgress claim = new InProgress(request.requestedBy(), started, "(being named)");
        if (!inProgress.compareAndSet(null, claim)) {
            throw refused(busy(inProgress.get()));
        }
        String file = "(not named)";
        try {
            // The waits are read once the dumper is ours: read before, a dump ending meanwhile would go unseen.
            if (request.triggered()) {
                Duration left = cooldowns.remaining(DUMP_HEAP, settings.cooldown());
                if (!left.isZero()) {
                    throw refused(cooldownRefusal(DUMP_HEAP, request, settings.cooldown(), left));
                }
            } else {
                checkInterval(settings);
            }
            // Named only once the dumper is ours, so a dump that ended meanwhile has its name taken into account.
            String base = base(directory, request);
            file = base + (compress ? DumpDirectory.GZIP : DumpDirectory.RAW);
            inProgress.set(new InProgress(request.requestedBy(), started, file));
            try {
                directory.prepare();
                checkSpace(directory, settings, compress);
            } catch (HeapDumpException e) {
                if (e.reason() != HeapDumpException.Reason.DISK) {
                    dumpsFailed.incrementAndGet(); // the directory: not a rule, the server cannot write there
                }
                listener.failed(request, e.reason(), e.getMessage());
                throw e;
            }
            HeapDump dump = write(directory, request, base, file, live, compress, histogram, notes, started, startedNanos);
            dumpsTaken.incrementAndGet();
            lastDump = dump;
            cooldowns.ran(request.triggered() ? DUMP_HEAP : MANUAL);
            retain(directory, settings);
            listener.written(dump);
            return dump;
        } catch (IOException | RuntimeException e) {
            dumpsFailed.incrementAndGet();
            String message = VigilLogger.ROOT_LOGGER.dumpFailed(file, directory.path().toString(), String.valueOf(e.getMessage()));
            listener.failed(request, HeapDumpException.Reason.FAILED, message);
            throw new HeapDumpException(HeapDumpException.Reason.FAILED, message, e);
        } catch (Error e) {
            dumpsFailed.incrementAndGet(); // an OutOfMemoryError while compressing: write() removed its files; the Error goes on
            throw e;
        } finally {
            inProgress.set(null);
        }
    }

    /**
     * Writes the dump and the files that explain it under hidden names, then renames the dump. Whatever goes wrong, an
     * Error too (an OutOfMemoryError while compressing), the files this call created are removed: a failed dump leaves
     * no gigabytes behind.
     */
    private HeapDump write(DumpDirectory directory, DumpRequest request, String base, String file, boolean live, boolean compress,
            ClassHistogram histogram, ModelNode notes, Instant started, long startedNanos) throws IOException {
        Path raw = directory.part(base + DumpDirectory.RAW);
        Path part = compress ? directory.part(file) : raw;
        List<Path> created = new ArrayList<>(List.of(raw, part));
        boolean complete = false;
        try {
            if (compress) {
                // The follower gzips the raw file while the JVM writes it; when it fails, the complete file is gzipped here.
                try (Follower follower = Follower.start(followerCommand.command(raw, part), part)) {
                    writer.dump(raw, live);
                    DumpDirectory.ownerOnly(raw);
                    String failure = follower.finish(Files.size(raw));
                    if (failure != null) {
                        VigilLogger.ROOT_LOGGER.dumpFollowerFailed(file, failure);
                        Files.deleteIfExists(part);
                        gzip(raw, part);
                    }
                }
                Files.delete(raw);
            } else {
                writer.dump(raw, live);
                DumpDirectory.ownerOnly(raw);
            }
            HeapDump dump = new HeapDump(file, request.trigger(), request.requestedBy(), started,
                    (nanoTime.getAsLong() - startedNanos) / 1_000_000, Files.size(part), live, compress);
            // The companions first: once the dump is listed, the files that explain it are there too.
            Path histogramFile = directory.resolve(base + DumpDirectory.HISTOGRAM);
            if (histogram != null && !Files.exists(histogramFile, LinkOption.NOFOLLOW_LINKS)) { // the histogram action may have written it
                created.add(histogramFile);
                writeHistogram(directory, base, histogram);
            }
            Path metadata = directory.resolve(base + DumpDirectory.METADATA);
            created.add(metadata);
            write(metadata, metadata(dump, request, histogram, notes).toJSONString(false) + "\n");
            Files.move(part, directory.resolve(file), StandardCopyOption.ATOMIC_MOVE);
            complete = true;
            return dump;
        } finally {
            if (!complete) {
                for (Path path : created) {
                    deleteQuietly(path);
                }
            }
        }
    }

    /**
     * Writes a histogram into the directory under the request's name ({@code <base>.histogram.txt}), where a dump
     * for the same request will sit beside it. Returns the file's name.
     */
    public String writeHistogram(DumpRequest request, ClassHistogram histogram) throws HeapDumpException {
        String base = base(directory, request);
        return writeCompanion(base + DumpDirectory.HISTOGRAM, () -> writeHistogram(directory, base, histogram));
    }

    /**
     * Writes a text beside where a dump for the same request goes ({@code <base><suffix>}, e.g. a thread census as
     * {@code .threads.txt}). Returns the file's name.
     */
    public String writeCompanion(DumpRequest request, String suffix, String text) throws HeapDumpException {
        String base = base(directory, request);
        return writeCompanion(base + suffix, () -> write(directory.resolve(base + suffix), text));
    }

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    private String writeCompanion(String name, Write write) throws HeapDumpException {
        HeapDumpSettings settings = this.settings;
        DumpDirectory directory = this.directory;
        directory.prepare();
        try {
            write.run();
            retain(directory, settings);
        } catch (IOException e) {
            throw new HeapDumpException(HeapDumpException.Reason.FAILED,
                    VigilLogger.ROOT_LOGGER.dumpFailed(name, directory.path().toString(), String.valueOf(e.getMessage())), e);
        }
        return name;
    }

    private HeapDumpException busy(InProgress holder) {
        return new HeapDumpException(HeapDumpException.Reason.BUSY, holder == null
                ? VigilLogger.ROOT_LOGGER.dumpBusy("another request", "a moment ago", "?")
                : VigilLogger.ROOT_LOGGER.dumpBusy(holder.requestedBy(), holder.since().toString(), holder.file()));
    }

    private HeapDumpException cooldownRefusal(String action, DumpRequest request, Duration cooldown, Duration left) {
        return new HeapDumpException(HeapDumpException.Reason.COOLDOWN, VigilLogger.ROOT_LOGGER.actionInCooldown(action, request.trigger(),
                cooldown.toSeconds(), clock.instant().plus(left).toString(), seconds(left)));
    }

    /** Counts a refusal by the rules (dumps-refused) and gives it back to be thrown. */
    private HeapDumpException refused(HeapDumpException refusal) {
        dumpsRefused.incrementAndGet();
        return refusal;
    }

    private void checkInterval(HeapDumpSettings settings) throws HeapDumpException {
        Duration left = cooldowns.remaining(MANUAL, settings.minInterval());
        if (!left.isZero()) {
            throw refused(new HeapDumpException(HeapDumpException.Reason.INTERVAL, VigilLogger.ROOT_LOGGER.dumpWithinMinInterval(settings.minInterval().toSeconds(),
                    clock.instant().plus(left).toString(), seconds(left))));
        }
    }

    /** Whole seconds still to wait, rounded up: "in 0 s" would read as "now". */
    private static long seconds(Duration left) {
        return (left.toMillis() + 999) / 1000;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException | RuntimeException e) {
            // the original failure is the one to report
        }
    }

    private void checkSpace(DumpDirectory directory, HeapDumpSettings settings, boolean compress) throws HeapDumpException {
        // An HPROF file is up to a quarter larger than the heap it holds (measured: 762 MB for 612 MB live); compressed,
        // the raw file and the gzip (under half of it) exist together for a while.
        long used = heapUsed.getAsLong();
        long raw = used + used / 4;
        long needed = compress ? raw + used / 2 : raw;
        long usable = usableSpace.applyAsLong(directory.path());
        if (usable - needed < settings.minFreeSpace()) {
            throw refused(new HeapDumpException(HeapDumpException.Reason.DISK, VigilLogger.ROOT_LOGGER.dumpWouldNotFit(directory.path().toString(),
                    Bytes.format(needed), Bytes.format(usable), settings.minFreeSpace(), Bytes.format(settings.minFreeSpace()))));
        }
    }

    private void retain(DumpDirectory directory, HeapDumpSettings settings) {
        try {
            List<String> deleted = directory.retain(settings.maxDumps());
            if (!deleted.isEmpty()) {
                VigilLogger.ROOT_LOGGER.dumpsDeleted(settings.maxDumps(), deleted);
            }
        } catch (IOException e) {
            VigilLogger.ROOT_LOGGER.retentionFailed(directory.path().toString(), e);
        }
    }

    /** {@code <server>-<pid>-<yyyyMMdd-HHmmss>-<trigger>}, made unique within the directory the file goes to. */
    private String base(DumpDirectory directory, DumpRequest request) {
        String base = server + "-" + PID + "-" + NAME_TIME.format(request.time().atZone(ZoneId.systemDefault())) + "-" + request.trigger();
        String unique = base;
        for (int n = 2; taken(directory, unique); n++) {
            unique = base + "-" + n;
        }
        return unique;
    }

    /** Whether a dump has the name already, or had it (its metadata stays when someone deleted the dump by hand). */
    private static boolean taken(DumpDirectory directory, String base) {
        for (Path path : List.of(directory.resolve(base + DumpDirectory.RAW), directory.resolve(base + DumpDirectory.GZIP),
                directory.resolve(base + DumpDirectory.METADATA), directory.part(base + DumpDirectory.RAW), directory.part(base + DumpDirectory.GZIP))) {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    private static void writeHistogram(DumpDirectory directory, String base, ClassHistogram histogram) throws IOException {
        write(directory.resolve(base + DumpDirectory.HISTOGRAM), "Class histogram of " + (histogram.live() ? "live objects" : "all objects")
                + " at " + histogram.time() + ", top " + histogram.entries().size() + " classes by bytes (shallow size)\n\n" + histogram.table(ClassHistogram.TOP));
    }

    /** What makes the dump explain itself weeks later: why, when, which server and JVM, the watermarks, the top classes. */
    private ModelNode metadata(HeapDump dump, DumpRequest request, ClassHistogram histogram, ModelNode notes) {
        ModelNode node = new ModelNode();
        node.get("file").set(dump.file());
        node.get("trigger").set(dump.trigger());
        node.get("requested-by").set(dump.requestedBy());
        node.get("started").set(dump.started().toString());
        node.get("duration-ms").set(dump.durationMillis());
        node.get("size-bytes").set(dump.sizeBytes());
        node.get("live").set(dump.live());
        node.get("compressed").set(dump.compressed());
        if (request.details().isDefined()) {
            node.get("cause").set(request.details());
        }
        if (request.caller() != null) {
            node.get("identity").set(request.caller().toModel());
        }
        ModelNode serverNode = node.get("server");
        serverNode.get("name").set(System.getProperty("jboss.server.name", server));
        serverNode.get("host").set(hostName());
        serverNode.get("pid").set(PID);
        putProperty(serverNode, "jboss-home", "jboss.home.dir");
        putProperty(serverNode, "base-dir", "jboss.server.base.dir");
        putProperty(serverNode, "config", "jboss.server.config.file.name");
        ModelNode jvm = node.get("jvm");
        jvm.get("vendor").set(System.getProperty("java.vm.vendor"));
        jvm.get("version").set(System.getProperty("java.runtime.version", System.getProperty("java.version")));
        jvm.get("vm").set(System.getProperty("java.vm.name"));
        jvm.get("started").set(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()).toString());
        jvm.get("uptime-ms").set(ManagementFactory.getRuntimeMXBean().getUptime());
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        jvm.get("heap-used").set(heap.getUsed());
        jvm.get("heap-committed").set(heap.getCommitted());
        jvm.get("heap-max").set(heap.getMax());
        node.get("watermarks").set(watermarks.get());
        if (histogram != null) {
            node.get("histogram").get("live").set(histogram.live());
            node.get("histogram").get("total-bytes").set(histogram.totalBytes());
            node.get("histogram").get("top").set(histogram.toModel(ClassHistogram.SHORT));
        }
        if (notes.isDefined()) {
            for (String key : notes.keys()) {
                node.get(key).set(notes.get(key));
            }
        }
        return node;
    }

    private static void putProperty(ModelNode node, String key, String property) {
        String value = System.getProperty(property);
        if (value != null) {
            node.get(key).set(value);
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Writes a text file whole: created new (owner-only) under a hidden name of its own, never through a link, then
     * moved onto its name at once. A link someone planted at the name is replaced, not followed.
     */
    /** A small file written whole: under a hidden part created new, then renamed into place (a link there is replaced). */
    static void write(Path file, String content) throws IOException {
        Path part = file.resolveSibling(DumpDirectory.PART + file.getFileName() + "." + java.util.UUID.randomUUID() + ".part");
        try {
            try (OutputStream out = DumpDirectory.createNew(part)) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            DumpDirectory.ownerOnly(part);
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * The fallback: the complete raw file, after the dump, in the server (the application runs meanwhile). The part is
     * opened as {@link GzipFollower} opens it, by {@link DumpDirectory#createNew}.
     */
    private static void gzip(Path raw, Path gzip) throws IOException {
        try (InputStream in = DumpDirectory.open(raw); OutputStream file = DumpDirectory.createNew(gzip)) {
            ParallelGzip.compress(in, file, GZIP_LEVEL, ParallelGzip.defaultThreads());
        }
    }

    /** The command line of the {@link GzipFollower} child for a raw file and its gzip part. */
    @FunctionalInterface
    interface FollowerCommand {
        List<String> command(Path raw, Path gzip);
    }

    /** The tests' way to a follower that fails; the server always runs {@link GzipFollower#command}. */
    void followerCommand(FollowerCommand command) {
        this.followerCommand = command;
    }

    /**
     * The running {@link GzipFollower}, or why it is not running. {@link #finish} tells it the final size and waits for
     * it; {@link #close} makes sure it is gone (stdin closed, so it deletes its part, then killed past a few seconds).
     */
    private static final class Follower implements AutoCloseable {
        /** The slowest gzip a dump may take, in bytes per second: the timeout is the raw file's size at this rate, doubled. */
        static final long SLOWEST_BYTES_PER_SECOND = 20L << 20;
        static final long MIN_TIMEOUT_SECONDS = 60;
        static final int STDERR_KEPT = 2000;

        private final Process process;
        private final Path part;
        private final String notStarted;
        private final StringBuffer stderr = new StringBuffer();
        private Thread stderrReader;

        private Follower(Process process, Path part, String notStarted) {
            this.process = process;
            this.part = part;
            this.notStarted = notStarted;
        }

        static Follower start(List<String> command, Path part) {
            try {
                Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                Follower follower = new Follower(process, part, null);
                follower.stderrReader = new Thread(follower::readStderr, "vigil-gzip-follower-stderr");
                follower.stderrReader.setDaemon(true);
                follower.stderrReader.start();
                return follower;
            } catch (IOException | RuntimeException e) {
                return new Follower(null, part, "it could not be started: " + e.getMessage());
            }
        }

        private void readStderr() {
            try (InputStream in = process.getErrorStream()) {
                byte[] buffer = new byte[1024];
                for (int n; (n = in.read(buffer)) >= 0;) {
                    if (stderr.length() < STDERR_KEPT) {
                        stderr.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException ended) {
                // what came is kept
            }
        }

        /** Tells the follower the raw file is complete at {@code size} bytes and waits for it: null once the part is whole, else why not. */
        String finish(long size) {
            if (process == null) {
                return notStarted;
            }
            try {
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write((size + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // it ended already: its exit code says why
                }
                long timeout = Math.max(MIN_TIMEOUT_SECONDS, 2 * size / SLOWEST_BYTES_PER_SECOND);
                if (!process.waitFor(timeout, TimeUnit.SECONDS)) {
                    kill();
                    return "it took longer than " + timeout + " s and was stopped";
                }
                stderrReader.join(TimeUnit.SECONDS.toMillis(5));
                if (process.exitValue() != 0) {
                    return "exit code " + process.exitValue() + (stderr.length() == 0 ? "" : ": " + stderr.toString().strip());
                }
                if (!Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS)) {
                    return "it ended without writing " + part.getFileName();
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                return "interrupted while waiting for it";
            }
        }

        @Override
        public void close() {
            if (process == null || !process.isAlive()) {
                return;
            }
            try {
                process.getOutputStream().close(); // no size: it deletes its part and exits
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (IOException e) {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }

        private void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS); // gone before its part is deleted, so it cannot write it again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The JDK's own dump of this JVM: on JDK 22 and later already parallel and segmented (see the class comment). */
    static void dumpThisJvm(Path file, boolean live) throws IOException {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), live);
    }

    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long usableSpace(Path directory) {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // cannot tell: the write itself will fail if the disk is full
        }
    }
}
