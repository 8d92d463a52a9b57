package dev.vigil.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.jboss.dmr.ModelNode;

import com.sun.management.HotSpotDiagnosticMXBean;

import dev.vigil.VigilLogger;
import dev.vigil.watermark.Reading;

/**
 * Writes heap dumps into one directory, safely: one at a time, triggered ones no closer than the cooldown, only
 * when the disk has room, owner-only, under a hidden name until complete, never more than max-dumps of them.
 * Plain Java: the server's service, the MBean and the tests drive it alike.
 */
public final class HeapDumper {

    /** Writes the JVM's heap to a file ending in {@code .hprof}, which must not exist yet. */
    @FunctionalInterface
    interface HeapWriter {
        void dump(Path file, boolean live) throws IOException;
    }

    /** Hears about every dump written or failed (refusals for a busy dumper or a cooldown are not failures). */
    public interface Listener {
        void written(HeapDump dump);

        void failed(DumpRequest request, String message);
    }

    /** The dump being written: who asked, since when, into which file. */
    public record InProgress(String requestedBy, Instant since, String file) {
    }

    /** gzip level: fast; a heap dump compresses well even so. */
    static final int GZIP_LEVEL = Deflater.BEST_SPEED;

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final long PID = ProcessHandle.current().pid();

    private final String server;
    private final HeapWriter writer;
    private final LongSupplier heapUsed;
    private final ToLongFunction<Path> usableSpace;
    private final Clock clock;
    private final Listener listener;
    private final Supplier<ModelNode> watermarks;

    private volatile HeapDumpSettings settings;
    private volatile DumpDirectory directory;
    private final AtomicReference<InProgress> inProgress = new AtomicReference<>();
    private final AtomicLong dumpsTaken = new AtomicLong();
    private volatile HeapDump lastDump;
    private volatile Instant lastTriggeredEnd;

    /**
     * @param server     the server's name, first part of every file name
     * @param watermarks the watermarks' states and numbers, written into each dump's metadata
     */
    public HeapDumper(String server, HeapDumpSettings settings, Listener listener, Supplier<ModelNode> watermarks) {
        this(server, settings, listener, watermarks, HeapDumper::dumpThisJvm, HeapDumper::heapUsed, HeapDumper::usableSpace, Clock.systemUTC());
    }

    HeapDumper(String server, HeapDumpSettings settings, Listener listener, Supplier<ModelNode> watermarks, HeapWriter writer,
            LongSupplier heapUsed, ToLongFunction<Path> usableSpace, Clock clock) {
        this.server = server.replaceAll("[^\\w.-]", "_");
        this.listener = listener;
        this.watermarks = watermarks;
        this.writer = writer;
        this.heapUsed = heapUsed;
        this.usableSpace = usableSpace;
        this.clock = clock;
        reconfigure(settings);
    }

    public void reconfigure(HeapDumpSettings settings) {
        this.settings = settings;
        this.directory = new DumpDirectory(settings.directory());
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

    /** The last dump this server wrote since it started; null before the first. */
    public HeapDump lastDump() {
        return lastDump;
    }

    /** The dump being written now; null if none. */
    public InProgress inProgress() {
        return inProgress.get();
    }

    /**
     * Writes a dump, or refuses: {@link HeapDumpException.Reason#BUSY} while another is written (naming who asked
     * and since when), {@link HeapDumpException.Reason#COOLDOWN} for a triggered request within the cooldown,
     * {@link HeapDumpException.Reason#DISK} when the disk would keep less than min-free-space.
     *
     * @param histogram a histogram taken for the same cause, written beside the dump; null if none
     */
    public HeapDump dump(DumpRequest request, boolean live, boolean compress, ClassHistogram histogram) throws HeapDumpException {
        HeapDumpSettings settings = this.settings;
        DumpDirectory directory = this.directory;
        Instant started = clock.instant();
        InProgress claim = new InProgress(request.requestedBy(), started, "(being named)");
        if (!inProgress.compareAndSet(null, claim)) {
            InProgress holder = inProgress.get();
            throw new HeapDumpException(HeapDumpException.Reason.BUSY, holder == null
                    ? VigilLogger.ROOT_LOGGER.dumpBusy("another request", "a moment ago", "?")
                    : VigilLogger.ROOT_LOGGER.dumpBusy(holder.requestedBy(), holder.since().toString(), holder.file()));
        }
        // The cooldown is read once the dumper is ours: read before, a triggered dump ending meanwhile would go unseen.
        if (request.triggered()) {
            Instant last = lastTriggeredEnd;
            if (last != null && clock.instant().isBefore(last.plus(settings.cooldown()))) {
                inProgress.set(null);
                throw new HeapDumpException(HeapDumpException.Reason.COOLDOWN, VigilLogger.ROOT_LOGGER.dumpInCooldown(request.trigger(),
                        last.toString(), settings.cooldown().toSeconds(), last.plus(settings.cooldown()).toString()));
            }
        }
        // Named only once the dumper is ours, so a dump that ended meanwhile has its name taken into account.
        String base = base(directory, request);
        String file = base + (compress ? DumpDirectory.GZIP : DumpDirectory.RAW);
        inProgress.set(new InProgress(request.requestedBy(), started, file));
        try {
            directory.prepare();
            checkSpace(directory, settings, compress);
            Path raw = directory.part(base + DumpDirectory.RAW);
            Path part = compress ? directory.part(file) : raw;
            HeapDump dump;
            try {
                writer.dump(raw, live);
                DumpDirectory.ownerOnly(raw);
                if (compress) {
                    gzip(raw, part);
                    Files.delete(raw);
                }
                dump = new HeapDump(file, request.trigger(), request.requestedBy(), started,
                        Duration.between(started, clock.instant()).toMillis(), Files.size(part), live, compress);
                // The companions first: once the dump is listed, the files that explain it are there too.
                if (histogram != null) {
                    writeHistogram(directory, base, histogram);
                }
                write(directory.resolve(base + DumpDirectory.METADATA), metadata(dump, request, histogram).toJSONString(false) + "\n");
                Files.move(part, directory.resolve(file), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(raw);
                Files.deleteIfExists(part);
                Files.deleteIfExists(directory.resolve(base + DumpDirectory.METADATA));
                throw e;
            }
            dumpsTaken.incrementAndGet();
            lastDump = dump;
            if (request.triggered()) {
                lastTriggeredEnd = clock.instant();
            }
            retain(directory, settings);
            listener.written(dump);
            return dump;
        } catch (HeapDumpException e) {
            listener.failed(request, e.getMessage());
            throw e;
        } catch (IOException | RuntimeException e) {
            String message = VigilLogger.ROOT_LOGGER.dumpFailed(file, directory.path().toString(), String.valueOf(e.getMessage()));
            listener.failed(request, message);
            throw new HeapDumpException(HeapDumpException.Reason.FAILED, message, e);
        } finally {
            inProgress.set(null);
        }
    }

    /**
     * Writes a histogram into the directory under the request's name ({@code <base>.histogram.txt}), where a dump
     * for the same request will sit beside it. Returns the file's name.
     */
    public String writeHistogram(DumpRequest request, ClassHistogram histogram) throws HeapDumpException {
        HeapDumpSettings settings = this.settings;
        DumpDirectory directory = this.directory;
        directory.prepare();
        String base = base(directory, request);
        try {
            writeHistogram(directory, base, histogram);
            retain(directory, settings);
        } catch (IOException e) {
            throw new HeapDumpException(HeapDumpException.Reason.FAILED,
                    VigilLogger.ROOT_LOGGER.dumpFailed(base + DumpDirectory.HISTOGRAM, directory.path().toString(), String.valueOf(e.getMessage())), e);
        }
        return base + DumpDirectory.HISTOGRAM;
    }

    /**
     * Writes a text beside where a dump for the same request goes ({@code <base><suffix>}, e.g. a thread census as
     * {@code .threads.txt}). Returns the file's name.
     */
    public String writeCompanion(DumpRequest request, String suffix, String text) throws HeapDumpException {
        HeapDumpSettings settings = this.settings;
        DumpDirectory directory = this.directory;
        directory.prepare();
        String base = base(directory, request);
        try {
            write(directory.resolve(base + suffix), text);
            retain(directory, settings);
        } catch (IOException e) {
            throw new HeapDumpException(HeapDumpException.Reason.FAILED,
                    VigilLogger.ROOT_LOGGER.dumpFailed(base + suffix, directory.path().toString(), String.valueOf(e.getMessage())), e);
        }
        return base + suffix;
    }

    private void checkSpace(DumpDirectory directory, HeapDumpSettings settings, boolean compress) throws HeapDumpException {
        // An HPROF file is up to a quarter larger than the heap it holds (measured: 762 MB for 612 MB live); compressed,
        // the raw file and the gzip (under half of it) exist together for a while.
        long used = heapUsed.getAsLong();
        long raw = used + used / 4;
        long needed = compress ? raw + used / 2 : raw;
        long usable = usableSpace.applyAsLong(directory.path());
        if (usable - needed < settings.minFreeSpace()) {
            throw new HeapDumpException(HeapDumpException.Reason.DISK, VigilLogger.ROOT_LOGGER.dumpWouldNotFit(directory.path().toString(),
                    Reading.bytes(needed), Reading.bytes(usable), settings.minFreeSpace(), Reading.bytes(settings.minFreeSpace())));
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
        for (int n = 2; Files.exists(directory.resolve(unique + DumpDirectory.RAW)) || Files.exists(directory.resolve(unique + DumpDirectory.GZIP))
                || Files.exists(directory.part(unique + DumpDirectory.RAW)); n++) {
            unique = base + "-" + n;
        }
        return unique;
    }

    private static void writeHistogram(DumpDirectory directory, String base, ClassHistogram histogram) throws IOException {
        write(directory.resolve(base + DumpDirectory.HISTOGRAM), "Class histogram of " + (histogram.live() ? "live objects" : "all objects")
                + " at " + histogram.time() + ", top " + histogram.entries().size() + " classes by bytes (shallow size)\n\n" + histogram.table(ClassHistogram.TOP));
    }

    /** What makes the dump explain itself weeks later: why, when, which server and JVM, the watermarks, the top classes. */
    private ModelNode metadata(HeapDump dump, DumpRequest request, ClassHistogram histogram) {
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

    private static void write(Path file, String content) throws IOException {
        try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                DumpDirectory.posix(DumpDirectory.OWNER_ONLY_FILE)))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        DumpDirectory.ownerOnly(file);
    }

    private static void gzip(Path raw, Path gzip) throws IOException {
        try (InputStream in = Files.newInputStream(raw);
                OutputStream file = Channels.newOutputStream(Files.newByteChannel(gzip, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        DumpDirectory.posix(DumpDirectory.OWNER_ONLY_FILE)));
                OutputStream out = new GZIPOutputStream(file, 1 << 16) {
                    {
                        def.setLevel(GZIP_LEVEL);
                    }
                }) {
            in.transferTo(out);
        }
    }

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
