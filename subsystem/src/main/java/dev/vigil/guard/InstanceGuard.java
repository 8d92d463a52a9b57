package dev.vigil.guard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.vigil.VigilLogger;

/**
 * Guards one server's directories and ports against a second server: locks {@code vigil.lock} in each directory,
 * looks for other processes on the ports, leaves a trace for the server it found, and, while the server runs, checks
 * its locks and collects the traces others left. Deciding what to do about a duplicate (stop or warn) is
 * {@link DuplicatePolicy}'s.
 */
public final class InstanceGuard implements AutoCloseable {

    /** What the guard finds while the server runs. */
    public interface Listener {
        /** Another server (a contender) found this one's locks taken and left a trace. */
        void contender(Contender contender);

        /** A lock file of this server was deleted or replaced; {@code retaken}: the lock is held again. */
        void lockLost(Path file, String how, boolean retaken);

        /** Another process was found on this server's ports or directories by a check while the server runs. */
        void duplicatesFound(List<Duplicate> duplicates);
    }

    /** Contenders remembered, newest last: enough to see a restart loop, bounded. */
    static final int MAX_CONTENDERS = 20;

    private volatile GuardSettings settings;
    private volatile Listener listener = new Listener() {
        @Override
        public void contender(Contender contender) {
        }

        @Override
        public void lockLost(Path file, String how, boolean retaken) {
        }

        @Override
        public void duplicatesFound(List<Duplicate> duplicates) {
        }
    };
    /*
     * Two locks. Whatever touches the disk or /proc (claims, checks, traces) holds "working", one at a time; the state
     * below is guarded by "this", held only to read or replace it in memory, so management reads never wait for I/O.
     * Order: working, then this; never the other way round.
     */
    private final Object working = new Object();
    private InstanceInfo me;
    /** The addresses the server binds, for the port checks while it runs. */
    private List<InetSocketAddress> bindings = List.of();
    private final Map<Path, DirectoryLock> locks = new LinkedHashMap<>();
    private final Map<Path, InstanceInfo> takenDirs = new LinkedHashMap<>();
    /** Port to the process found listening in its way, as far as its command line tells. */
    private final Map<Integer, InstanceInfo> takenPorts = new TreeMap<>();
    private final List<Contender> contenders = new ArrayList<>();
    /** Every contender seen since start: the list above forgets the oldest past MAX_CONTENDERS, this does not. */
    private long contendersSeen;
    /** Time spent claiming the directories and checking the ports, for the log line that says the guard started. */
    private long claimNanos;
    private long claimCpuNanos;

    public InstanceGuard(GuardSettings settings, InstanceInfo me) {
        this.settings = settings;
        this.me = me;
    }

    /** Who hears what the checks find (the running service). */
    public void listener(Listener listener) {
        this.listener = listener;
    }

    /** New live settings; the lock directories stay as claimed until the next boot. */
    public void reconfigure(GuardSettings newSettings) {
        this.settings = newSettings;
    }

    public GuardSettings settings() {
        return settings;
    }

    public synchronized InstanceInfo me() {
        return me;
    }

    /**
     * Claims every lock directory. Returns the servers that hold some of them (none: this server is alone there).
     *
     * @throws GuardException a directory cannot hold a lock file; nothing is claimed then
     */
    public List<Duplicate> claimDirs() throws GuardException {
        synchronized (working) {
            long started = System.nanoTime();
            long cpu = cpuNanos();
            List<Path> dirs = new ArrayList<>();
            for (Path dir : settings.effectiveLockDirs()) {
                dirs.add(canonical(dir));
            }
            try {
                for (Path dir : dirs) {
                    claim(dir);
                }
            } catch (GuardException e) {
                close(); // the caller drops this guard: locks taken so far would stay held, unreleased, until the JVM ends
                synchronized (this) {
                    takenDirs.clear();
                }
                throw e;
            }
            synchronized (this) {
                claimNanos += System.nanoTime() - started;
                claimCpuNanos += cpuNanos() - cpu;
            }
            return duplicates();
        }
    }

    /** This thread's CPU time so far, or 0 where the JVM does not measure it. */
    private static long cpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    /** Claims one directory: the I/O under "working" only, the outcome recorded under "this". */
    private void claim(Path dir) throws GuardException {
        InstanceInfo who;
        synchronized (this) {
            if (locks.containsKey(dir)) {
                return; // the same directory named twice
            }
            who = me;
        }
        DirectoryLock.Claim claim;
        try {
            claim = DirectoryLock.claim(dir, who);
        } catch (IOException e) {
            throw new GuardException(VigilLogger.ROOT_LOGGER.lockDirUnusable(dir.toString(), String.valueOf(e.getMessage()), System.getProperty("user.name")), e);
        }
        synchronized (this) {
            if (claim instanceof DirectoryLock.Held ours) {
                locks.put(dir, ours.lock());
                takenDirs.remove(dir);
            } else if (claim instanceof DirectoryLock.Taken taken) {
                takenDirs.put(dir, taken.holder() != null ? taken.holder() : unknown());
            }
        }
    }

    /**
     * Looks for other processes listening in the way of the addresses the server binds, and writes its ports into the
     * lock files. Returns all duplicates found so far (directories and ports).
     */
    public List<Duplicate> checkPorts(int portOffset, Collection<InetSocketAddress> binds) {
        synchronized (working) {
            long started = System.nanoTime();
            long cpu = cpuNanos();
            List<Integer> ports = binds.stream().map(InetSocketAddress::getPort).distinct().sorted().toList();
            List<DirectoryLock> held;
            InstanceInfo who;
            synchronized (this) {
                me = me.withPorts(portOffset, ports);
                bindings = List.copyOf(binds);
                held = List.copyOf(locks.values());
                who = me;
            }
            for (DirectoryLock lock : held) {
                lock.rewrite(who);
            }
            Map<Integer, InstanceInfo> found = settings.checkPorts() ? portHolders(binds) : Map.of();
            synchronized (this) {
                takenPorts.clear();
                takenPorts.putAll(found);
                claimNanos += System.nanoTime() - started;
                claimCpuNanos += cpuNanos() - cpu;
            }
            return duplicates();
        }
    }

    /** The processes listening in the way of the addresses, each described from /proc: I/O, so never under "this". */
    private Map<Integer, InstanceInfo> portHolders(Collection<InetSocketAddress> binds) {
        Map<Integer, InstanceInfo> holders = new TreeMap<>();
        Map<Long, InstanceInfo> byPid = new java.util.HashMap<>();
        PortListeners.others(binds).forEach((port, pid) -> holders.put(port, byPid.computeIfAbsent(pid, InstanceGuard::process)));
        return holders;
    }

    /** The other servers found on this one's directories and ports, one entry per process. */
    public synchronized List<Duplicate> duplicates() {
        Map<String, InstanceInfo> who = new LinkedHashMap<>();
        Map<String, List<String>> dirs = new LinkedHashMap<>();
        Map<String, List<Integer>> ports = new LinkedHashMap<>();
        takenDirs.forEach((dir, holder) -> {
            String key = holder.host() + "/" + holder.pid();
            who.putIfAbsent(key, holder);
            dirs.computeIfAbsent(key, k -> new ArrayList<>()).add(dir.toString());
        });
        takenPorts.forEach((port, process) -> {
            InstanceInfo holder = who.values().stream().filter(info -> info.pid() == process.pid() && info.host().equals(me.host())).findFirst()
                    .orElse(process);
            String key = holder.host() + "/" + holder.pid();
            who.putIfAbsent(key, holder);
            ports.computeIfAbsent(key, k -> new ArrayList<>()).add(port);
        });
        List<Duplicate> duplicates = new ArrayList<>();
        who.forEach((key, info) -> duplicates.add(new Duplicate(info, dirs.getOrDefault(key, List.of()), ports.getOrDefault(key, List.of()))));
        return duplicates;
    }

    /**
     * Leaves a trace for each server found, so that it learns of this one: in each directory it shares with it, or,
     * for a server found on the ports only, in its data directory (from its command line) if its lock there names it.
     */
    public void leaveTraces(List<Duplicate> duplicates, OnDuplicate onDuplicate) {
        synchronized (working) {
            leaveTraces(duplicates, onDuplicate, me());
        }
    }

    private static void leaveTraces(List<Duplicate> duplicates, OnDuplicate onDuplicate, InstanceInfo me) {
        Instant now = Instant.now();
        for (Duplicate duplicate : duplicates) {
            Contender trace = new Contender(me, now, duplicate.sharedDirs(), duplicate.sharedPorts(), onDuplicate.toString());
            List<Path> dirs = new ArrayList<>();
            duplicate.sharedDirs().forEach(dir -> dirs.add(Path.of(dir)));
            if (dirs.isEmpty()) {
                dataDirOf(duplicate.other()).ifPresent(dirs::add);
            }
            for (Path dir : dirs) {
                try {
                    trace.leave(dir);
                } catch (IOException e) {
                    // the other server learns nothing from this directory; the error this server logs says it all
                }
            }
        }
    }

    /** The data directory of another server of this host whose lock file there names it. */
    static Optional<Path> dataDirOf(InstanceInfo other) {
        if (other.pid() < 0 || !other.host().equals(InstanceInfo.localHost())) {
            return Optional.empty();
        }
        String[] arguments = arguments(other.pid());
        String data = property(arguments, "jboss.server.data.dir");
        String base = property(arguments, "jboss.server.base.dir");
        Path dir = !data.isEmpty() ? Path.of(data) : !base.isEmpty() ? Path.of(base, "data") : null;
        if (dir == null) {
            return Optional.empty();
        }
        try {
            InstanceInfo holder = InstanceInfo.parse(DirectoryLock.readNoFollow(dir.resolve(DirectoryLock.FILE)));
            return holder != null && holder.pid() == other.pid() ? Optional.of(dir) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** How long claiming the directories and checking the ports took, in all. */
    public synchronized long claimMillis() {
        return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(claimNanos);
    }

    /** The CPU time claiming the directories and checking the ports took: the rest of claimMillis is waiting (for the disk, for a core). */
    public synchronized long claimCpuMillis() {
        return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(claimCpuNanos);
    }

    /** The lock files this server holds. */
    public synchronized List<Path> lockFiles() {
        return locks.values().stream().map(DirectoryLock::file).toList();
    }

    public synchronized List<Contender> contenders() {
        return List.copyOf(contenders);
    }

    /** How many contenders the checks found since this guard started, each counted once (by pid and time). */
    public synchronized long contendersSeen() {
        return contendersSeen;
    }

    /**
     * Checks again, as the server runs: its lock files (one deleted or replaced is reported and locked again), the
     * traces contenders left, the directories another server held (taken over if it ended), and the ports.
     */
    public void check() {
        List<Runnable> reports = new ArrayList<>();
        synchronized (working) {
            Map<Path, DirectoryLock> held;
            List<Path> taken;
            List<InetSocketAddress> binds;
            synchronized (this) {
                held = new LinkedHashMap<>(locks);
                taken = new ArrayList<>(takenDirs.keySet());
                binds = bindings;
            }
            for (Map.Entry<Path, DirectoryLock> entry : held.entrySet()) {
                String how = entry.getValue().lost();
                if (how != null) {
                    Path dir = entry.getKey();
                    entry.getValue().close();
                    synchronized (this) {
                        locks.remove(dir);
                    }
                    boolean retaken;
                    try {
                        claim(dir);
                        retaken = lockFiles().contains(dir.resolve(DirectoryLock.FILE));
                    } catch (GuardException e) {
                        retaken = false;
                    }
                    boolean again = retaken;
                    reports.add(() -> listener.lockLost(dir.resolve(DirectoryLock.FILE), how, again));
                }
            }
            for (Path dir : taken) {
                try {
                    claim(dir);
                } catch (GuardException e) {
                    // still unusable: it stays taken
                }
            }
            List<Contender> found = new ArrayList<>();
            for (Path dir : lockedDirs()) {
                found.addAll(Contender.collect(dir));
            }
            // merged outside "this" too: only a check changes the contenders, and it holds "working"
            List<Contender> merged = new ArrayList<>(contenders());
            int seen = 0;
            for (Contender contender : found) {
                if (merged.stream().noneMatch(known -> known.who().pid() == contender.who().pid() && known.time().equals(contender.time()))) {
                    merged.add(contender);
                    seen++;
                    reports.add(() -> listener.contender(contender));
                    if (merged.size() > MAX_CONTENDERS) {
                        merged.remove(0);
                    }
                }
            }
            synchronized (this) {
                contenders.clear();
                contenders.addAll(merged);
                contendersSeen += seen;
            }
            if (settings.checkPorts() && PortListeners.canTellOwners()) {
                Map<Integer, InstanceInfo> now = portHolders(binds);
                synchronized (this) {
                    Map<Integer, Long> before = pids(takenPorts);
                    takenPorts.clear();
                    takenPorts.putAll(now);
                    if (!now.isEmpty() && !pids(now).equals(before)) {
                        List<Duplicate> duplicates = duplicates();
                        reports.add(() -> listener.duplicatesFound(duplicates));
                    }
                }
            }
        }
        reports.forEach(Runnable::run);
    }

    private static Map<Integer, Long> pids(Map<Integer, InstanceInfo> holders) {
        Map<Integer, Long> pids = new TreeMap<>();
        holders.forEach((port, holder) -> pids.put(port, holder.pid()));
        return pids;
    }

    private synchronized List<Path> lockedDirs() {
        return List.copyOf(locks.keySet());
    }

    /** Releases every lock this guard holds. */
    @Override
    public void close() {
        synchronized (working) {
            List<DirectoryLock> held;
            synchronized (this) {
                held = List.copyOf(locks.values());
                locks.clear();
            }
            held.forEach(DirectoryLock::close);
        }
    }

    /** The same directory under any name: symbolic links resolved where the directory exists. */
    static Path canonical(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            return Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }

    private InstanceInfo unknown() {
        return new InstanceInfo(PortListeners.UNKNOWN_PID, "?", Instant.EPOCH, "", "", "", 0, List.of());
    }

    /** A process of this host, as far as its command line tells (a WildFly names its home and base dir there). */
    static InstanceInfo process(long pid) {
        Optional<ProcessHandle> handle = pid < 0 ? Optional.empty() : ProcessHandle.of(pid);
        Instant started = handle.flatMap(h -> h.info().startInstant()).orElse(Instant.EPOCH);
        String[] arguments = pid < 0 ? new String[0] : arguments(pid);
        return new InstanceInfo(pid, pid < 0 ? "?" : InstanceInfo.localHost(), started, property(arguments, "jboss.home.dir"),
                property(arguments, "jboss.server.base.dir"), "", 0, List.of());
    }

    /**
     * A process' arguments. The JDK gives none for a long command line (a big class path), so on Linux they are read
     * from /proc/PID/cmdline then.
     */
    static String[] arguments(long pid) {
        String[] arguments = ProcessHandle.of(pid).flatMap(h -> h.info().arguments()).orElse(new String[0]);
        if (arguments.length > 0) {
            return arguments;
        }
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), java.nio.charset.StandardCharsets.UTF_8);
            String[] all = cmdline.split("\0");
            return all.length > 1 ? java.util.Arrays.copyOfRange(all, 1, all.length) : new String[0];
        } catch (IOException | RuntimeException e) {
            return new String[0];
        }
    }

    private static String property(String[] arguments, String name) {
        for (String argument : arguments) {
            if (argument.startsWith("-D" + name + "=")) {
                return argument.substring(name.length() + 3);
            }
        }
        return "";
    }
}
