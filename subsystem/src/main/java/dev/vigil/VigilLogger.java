package dev.vigil;

import static org.jboss.logging.Logger.Level.ERROR;
import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import java.util.Collection;
import java.util.List;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/**
 * Every message Vigil logs or puts in an error, with its id. Ids: 0001-0099 refused input, 0100-0199 watermarks, 0200-0299 heap dumps, 0300-0399 thread census, 0400-0499 instance guard.
 */
@MessageLogger(projectCode = "VIGIL", length = 4)
public interface VigilLogger extends BasicLogger {

    VigilLogger ROOT_LOGGER = Logger.getMessageLogger(VigilLogger.class, "dev.vigil");

    // ---- refused input (configuration, operation parameters) ----

    @Message(id = 1, value = "%s=%s is not allowed: it must be a whole number of percent from %d to %d")
    String invalidPercent(String attribute, String value, int min, int max);

    @Message(id = 2, value = "warning=%d is not allowed with critical=%d: warning must be below critical")
    String warningNotBelowCritical(int warning, int critical);

    @Message(id = 3, value = "pools=%s is not allowed: this JVM has no memory pool named '%s'. Allowed: heap (all heap pools together) or any of %s")
    String unknownPool(String pools, String pool, Collection<String> known);

    @Message(id = 4, value = "pools=%s is not allowed: the memory pool '%s' has no maximum size, so no percentage of it can be measured. Give it a maximum (for Metaspace: -XX:MaxMetaspaceSize) or watch pools that have one: %s")
    String poolWithoutMaximum(String pools, String pool, Collection<String> bounded);

    @Message(id = 5, value = "pools=%s is not allowed: name at least one memory pool, or heap")
    String noPools(String pools);

    @Message(id = 6, value = "%s=%s is not allowed: %s. Allowed: a directory path without NUL characters, absolute or relative to relative-to")
    String invalidDumpPath(String attribute, String value, String reason);

    @Message(id = 7, value = "relative-to=%s is not allowed: the server has no path named %s. Allowed: the name of a path the server defines (jboss-cli: :read-children-names(child-type=path)), such as jboss.server.data.dir; or an absolute path, which needs no relative-to")
    String unknownRelativeTo(String value, String name);

    @Message(id = 8, value = "%s=%s is not allowed: it must be a whole number of seconds from %d to %d")
    String invalidSeconds(String attribute, String value, long min, long max);

    @Message(id = 50, value = "%s is not allowed: the heap dump directory %s lies inside %s, %s, so a heap dump there (every password and session the heap held) could be downloaded or deployed. Allowed: a directory outside every directory the server serves or deploys from, such as the default path=vigil/heap-dumps relative-to=jboss.server.data.dir")
    String dumpDirectoryServed(String setting, String directory, String served, String what);

    @Message(id = 20, value = "lock-dirs=%s is not allowed: %s. Allowed: absolute paths of existing directories the server's user can write (no NUL character)")
    String lockDirInvalid(String dir, String reason);

    @Message(id = 30, value = "ignore-packages entry '%s' is not allowed: it is not a Java package name. Allowed: a package such as "
            + "com.example or com.example. (Java identifiers separated by dots, optionally ending in one), which covers its subpackages "
            + "too; no spaces, wildcards (*) or empty entries")
    String invalidIgnoredPackage(String entry);

    @Message(id = 31, value = "top=%s is not allowed: it must be a whole number from 0 (every origin) to %d")
    String invalidTop(String top, int max);

    @Message(id = 32, value = "group-by=%s is not allowed: allowed values are %s")
    String invalidGroupBy(String groupBy, List<String> allowed);

    @Message(id = 13, value = "top=%s is not allowed: it must be a whole number of suspects from %d to %d")
    String invalidSuspectsTop(String top, int min, int max);

    // ---- watermarks ----

    @LogMessage(level = INFO)
    @Message(id = 100, value = "Watermark '%s' watches %s (%s): warning at %d%%, critical at %d%%, measured %s")
    void watermarkStarted(String name, String pools, String size, int warning, int critical, String measure);

    @LogMessage(level = WARN)
    @Message(id = 101, value = "Watermark '%s' is WARNING (was %s): %s of %s used %s (%.1f%%)%s, the warning level is %d%%. "
            + "The memory is filling up; if it keeps rising the server will run out of it. Watch peak-used and find the largest "
            + "holders (jcmd <pid> GC.class_histogram, or a heap dump)")
    void watermarkWarning(String name, String from, String used, String max, String measure, double percent, String forecast, int warning);

    @LogMessage(level = ERROR)
    @Message(id = 102, value = "Watermark '%s' is CRITICAL (was %s): %s of %s used %s (%.1f%%)%s, the critical level is %d%%. "
            + "The server is close to OutOfMemoryError: take a heap dump or a class histogram now, then free memory or restart the server")
    void watermarkCritical(String name, String from, String used, String max, String measure, double percent, String forecast, int critical);

    @LogMessage(level = INFO)
    @Message(id = 103, value = "Watermark '%s' is NORMAL again (was %s): %s of %s used %s (%.1f%%)")
    void watermarkNormal(String name, String from, String used, String max, String measure, double percent);

    @LogMessage(level = WARN)
    @Message(id = 104, value = "Watermark '%s' could not publish its MBean %s; jboss-cli and /metrics still report it")
    void mbeanNotRegistered(String name, String objectName, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 120, value = "%s%nAll suspects in %s")
    void leakSuspects(String topThree, String file);

    @LogMessage(level = INFO)
    @Message(id = 121, value = "Leak suspects' baseline taken (%s): %d classes, %d live threads, heap after GC %s; the %s histogram took %d ms")
    void suspectsBaseline(String why, int classes, int threads, String heapAfterGc, String scope, long millis);

    @LogMessage(level = WARN)
    @Message(id = 122, value = "Leak suspects' baseline could not be taken (%s); suspects are measured against the last one, or against nothing (every class and thread counts as grown) until one is taken")
    void suspectsBaselineFailed(String why, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 123, value = "Leak suspects could not publish the MBean %s; jboss-cli's leak-suspects still answers")
    void suspectsMBeanNotRegistered(String name, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 124, value = "Watermark '%s': action 'leak-suspects' needs /subsystem=vigil to run its suspects service, which is not running, so it did nothing")
    void suspectsNotRunning(String watermark);

    @LogMessage(level = WARN)
    @Message(id = 109, value = "Watermark '%s': the JVM's notifications of collections by '%s' do not reach Vigil: a GC listener registered before Vigil's "
            + "fails on every collection, and the JVM stops delivering at the first that fails. Vigil now reads that collector's last collection once a second instead "
            + "(moves then name no GC cause). Find the failing listener in the log; with WildFly's micrometer subsystem, add com.sun.management to "
            + "jboss.modules.system.pkgs (docs/querying.md)")
    void gcNotificationsMissing(String name, String collector);

    @LogMessage(level = WARN)
    @Message(id = 105, value = "Watermark '%s': action '%s' failed after the move to %s; the other actions still ran")
    void actionFailed(String name, String action, String state, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 106, value = "Watermark '%s' is WARNING (was %s): the JVM spent %.1f%% of the last %d s in GC pauses, the warning level is %d%% (%s of %s used after the last GC%s). "
            + "The collector works ever harder to find room: the heap is too small for what it holds. Find the largest holders "
            + "(jcmd <pid> GC.class_histogram, or a heap dump) or give the server more heap")
    void watermarkGcOverheadWarning(String name, String from, double percent, long window, int warning, String used, String max, String forecast);

    @LogMessage(level = ERROR)
    @Message(id = 107, value = "Watermark '%s' is CRITICAL (was %s): the JVM spent %.1f%% of the last %d s in GC pauses, the critical level is %d%% (%s of %s used after the last GC%s). "
            + "The server does little but collect garbage and is close to OutOfMemoryError: take a heap dump or a class histogram now, then free memory or restart the server with more heap")
    void watermarkGcOverheadCritical(String name, String from, double percent, long window, int critical, String used, String max, String forecast);

    @LogMessage(level = INFO)
    @Message(id = 108, value = "Watermark '%s' is NORMAL again (was %s): the JVM spent %.1f%% of the last %d s in GC pauses")
    void watermarkGcOverheadNormal(String name, String from, double percent, long window);

    // ---- heap dumps ----

    @LogMessage(level = INFO)
    @Message(id = 200, value = "Heap dumps go to %s (live=%s, compress=%s, max-dumps=%d, cooldown=%d s, min-free-space=%s, on-out-of-memory=%s)")
    void heapDumpsStarted(String directory, boolean live, boolean compress, int maxDumps, long cooldown, String minFreeSpace, boolean onOutOfMemory);

    @LogMessage(level = INFO)
    @Message(id = 201, value = "Heap dump written: %s (%s in %d ms, %s objects), asked for by %s. It holds everything the heap held, passwords included: keep it owner-only and delete it when done (delete-dump)")
    void dumpWritten(String file, String size, long millis, String objects, String requestedBy);

    @LogMessage(level = ERROR)
    @Message(id = 202, value = "Heap dump asked for by %s was not written: %s")
    void dumpNotWritten(String requestedBy, String reason);

    @LogMessage(level = INFO)
    @Message(id = 203, value = "Heap dump asked for by %s skipped: %s")
    void dumpSkipped(String requestedBy, String reason);

    @LogMessage(level = WARN)
    @Message(id = 204, value = "Class histogram for %s: the top %d of its classes by bytes (%s, full list of the top 50 in %s):%n%s")
    void histogram(String requestedBy, int top, String scope, String file, String table);

    @LogMessage(level = INFO)
    @Message(id = 205, value = "On OutOfMemoryError the JVM writes its own heap dump to %s (HeapDumpOnOutOfMemoryError, HeapDumpPath and HeapDumpGzipLevel were %s)")
    void outOfMemoryDumpOn(String file, Object previous);

    @LogMessage(level = INFO)
    @Message(id = 206, value = "On OutOfMemoryError the JVM's own heap dump is as before Vigil: %s")
    void outOfMemoryDumpRestored(Object flags);

    @LogMessage(level = INFO)
    @Message(id = 207, value = "max-dumps=%d: deleted the oldest: %s")
    void dumpsDeleted(int maxDumps, List<String> files);

    @LogMessage(level = WARN)
    @Message(id = 208, value = "Could not delete old dumps in %s; the directory may fill up")
    void retentionFailed(String directory, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 209, value = "Could not publish the MBean %s; jboss-cli still takes and lists dumps")
    void dumpMBeanNotRegistered(String objectName, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 210, value = "Watermark '%s': action '%s' needs /subsystem=vigil/service=heap-dumps, which is not configured, so it did nothing. Add it: /subsystem=vigil/service=heap-dumps:add")
    void dumpsNotConfigured(String watermark, String action);

    @LogMessage(level = INFO)
    @Message(id = 271, value = "Heap dump file %s handed out, asked for by %s. It holds everything the heap held, passwords included")
    void dumpDownloaded(String file, String requestedBy);

    @LogMessage(level = INFO)
    @Message(id = 211, value = "Deleted %s, asked for by %s")
    void dumpDeleted(List<String> files, String requestedBy);

    @LogMessage(level = INFO)
    @Message(id = 212, value = "Deleted files left half-written in %s by processes that no longer run: %s")
    void abandonedPartsDeleted(String directory, List<String> files);

    @LogMessage(level = WARN)
    @Message(id = 213, value = "Could not point the JVM's OutOfMemoryError dump at %s; it stays as it was")
    void outOfMemoryDumpNotSet(String directory, @Cause Throwable cause);

    @Message(id = 220, value = "A heap dump is already being written: %s asked for it at %s (file %s). Vigil writes one dump at a time; in-progress shows it, and the dump list will hold it when it is done")
    String dumpBusy(String requestedBy, String since, String file);

    @Message(id = 222, value = "Heap dump refused: the disk holding %s lacks room. The dump needs about %s and the disk has %s usable, but min-free-space=%d (%s) must stay free. Free disk space, set path to a larger disk, or lower min-free-space")
    String dumpWouldNotFit(String directory, String needed, String usable, long minFreeSpaceBytes, String minFreeSpace);

    @Message(id = 223, value = "Heap dump %s could not be written in %s: %s. Nothing was left behind")
    String dumpFailed(String file, String directory, String reason);

    @Message(id = 224, value = "The heap dump path %s exists and is not a directory. Set path (and relative-to) to a directory")
    String dumpPathNotADirectory(String directory);

    @Message(id = 225, value = "The heap dump directory %s could not be created (%s). Create it for the server's user %s, or set path to a directory that user can write")
    String dumpDirectoryNotCreated(String directory, String reason, String user);

    @Message(id = 226, value = "The heap dump directory %s is not writable by the server's user %s. Give that user write access to it, or set path to another directory")
    String dumpDirectoryNotWritable(String directory, String user);

    @Message(id = 270, value = "The heap dump directory %s is not safe for heap dumps: it is owned by %s with mode %s, while it must be owned by the server's user %s and writable by no one else (mode 700 or 750 or stricter; no group or other write), or whoever else can write there can plant links that make the server overwrite its own files. Nothing was written. Run chown %s and chmod go-w on it, or set path to a directory of the server's own")
    String dumpDirectoryUnsafe(String directory, String owner, String mode, String user, String userAgain);

    @Message(id = 227, value = "name=%s is not allowed: give the name of a dump as list-dumps shows it (a file name, no path). Dumps now: %s")
    String notADumpName(String name, List<String> dumps);

    @Message(id = 228, value = "the triggered action %s for %s comes within its cooldown: cooldown=%d s after its last run holds it back until %s (in %d s)")
    String actionInCooldown(String action, String trigger, long cooldown, String until, long inSeconds);

    @LogMessage(level = INFO)
    @Message(id = 229, value = "Action '%s' asked for by %s skipped: %s")
    void actionSkipped(String action, String requestedBy, String message);

    @Message(id = 230, value = "Heap dump refused: min-interval=%d s keeps manual dumps apart (each one pauses the server), counted from the last manual dump's end. The next is allowed at %s (in %d s): wait, or lower min-interval")
    String dumpWithinMinInterval(long minInterval, String next, long inSeconds);

    @LogMessage(level = WARN)
    @Message(id = 231, value = "Heap dump asked for by %s was refused: %s")
    void dumpRefused(String requestedBy, String message);

    @Message(id = 232, value = "name=%s is not allowed: give the name of a file list-dumps shows (a heap dump, a histogram or a thread census), or of a listed heap dump's companion (.json, .histogram.txt, .threads.txt); a file name, no path. Files now: %s")
    String notAReadableName(String name, List<String> files);

    @LogMessage(level = INFO)
    @Message(id = 233, value = "The path %s changed: heap dumps go to %s now")
    void dumpPathFollowed(String name, String directory);

    @LogMessage(level = WARN)
    @Message(id = 234, value = "The path %s changed, but heap dumps cannot use it: %s. They still go to %s. Fix the path, or set heap-dumps path and relative-to to a usable directory")
    void dumpPathNotFollowed(String name, String reason, String directory);

    @LogMessage(level = WARN)
    @Message(id = 235, value = "The path %s, which heap-dumps relative-to names, was removed. Heap dumps still go to %s until the server is reloaded; a reload refuses heap-dumps unless relative-to names an existing path. Set relative-to (or an absolute path) now")
    void dumpPathRemoved(String name, String directory);

    @LogMessage(level = WARN)
    @Message(id = 236, value = "Heap dump %s: the child process that gzips the dump while it is written failed (%s); the complete raw dump is gzipped in the server instead, which takes longer but loses nothing")
    void dumpFollowerFailed(String file, String reason);

    // ---- the dump report (the analyzer runs in a child JVM) ----

    @LogMessage(level = INFO)
    @Message(id = 240, value = "Dump report for %s written in %d s: %s (JSON beside it). Suspect 1: %s")
    void dumpAnalysed(String dump, long seconds, String report, String suspect);

    @Message(id = 241, value = "Heap dump %s was not analysed: the analyzer needs analyzer-max-heap=%s and the machine has %s available now, and the server's own memory comes first. No report. Analyse it on another machine (bin/vigil-analyze.sh %s), or lower analyzer-max-heap")
    String analysisNoMemory(String dump, String maxHeap, String available, String path);

    @Message(id = 242, value = "The analysis of heap dump %s ran past analyzer-timeout=%d s and was stopped; no report. What it did is in %s. Allow it more time (analyzer-timeout), or analyse the dump by hand: bin/vigil-analyze.sh %s")
    String analysisTimedOut(String dump, long timeoutSeconds, String log, String path);

    @Message(id = 243, value = "The analysis of heap dump %s failed (exit code %d); no report. Why is in %s (exit code 3: it needs more heap than analyzer-max-heap)")
    String analysisFailed(String dump, int exitCode, String log);

    @Message(id = 244, value = "Heap dump %s was not analysed: %d analyses already wait for the analyzer, which runs one at a time. No report; analyse it by hand: bin/vigil-analyze.sh %s")
    String analysisQueueFull(String dump, int queue, String path);

    @Message(id = 245, value = "The analyzer for heap dump %s could not be started: %s. No report; analyse it by hand: bin/vigil-analyze.sh %s")
    String analyzerNotStarted(String dump, String reason, String path);

    @LogMessage(level = INFO)
    @Message(id = 247, value = "Analysing heap dump %s in a child JVM (pid %d, low priority, heap at most %s, stopped after %d s); the report goes beside it")
    void analysisStarted(String dump, long pid, String maxHeap, long timeoutSeconds);

    @LogMessage(level = INFO)
    @Message(id = 248, value = "Heap dump %s was left by an OutOfMemoryError and has no report yet: analysing it now")
    void outOfMemoryDumpFound(String dump);

    // ---- thread census ----

    @LogMessage(level = INFO)
    @Message(id = 300, value = "Thread census every %d s: %d live threads; an origin with more than %d live threads is reported; creator tracking %s")
    void censusStarted(long interval, int live, int originWarning, String tracking);

    @LogMessage(level = WARN)
    @Message(id = 301, value = "%d live threads have the %s %s, more than origin-warning=%d (e.g. %s). Threads that pile up from one origin are a leak: "
            + "see which code starts them with /subsystem=vigil/service=thread-census:census(group-by=%2$s), then fix it or undeploy it")
    void originWarning(int count, String group, String origin, int limit, List<String> samples);

    @LogMessage(level = WARN)
    @Message(id = 302, value = "Deployment %s was undeployed but left %d threads alive, which keep its classes and memory: %s. "
            + "The application must stop the threads it starts (ExecutorService.shutdown(), a flag its loops check) when it is undeployed")
    void undeployedLeak(String deployment, int threads, String origins);

    @LogMessage(level = WARN)
    @Message(id = 303, value = "Thread census for %s: %d live threads; by entry: %s; by creator: %s; by deployment: %s")
    void censusSnapshot(String requestedBy, int live, String byEntry, String byCreator, String byDeployment);

    @LogMessage(level = WARN)
    @Message(id = 304, value = "A thread census failed; the next one is taken in %d s")
    void censusFailed(long interval, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 305, value = "Could not publish the MBean %s; jboss-cli still reports the census")
    void censusMBeanNotRegistered(String objectName, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 306, value = "Thread census: action '%s' failed after %s; the other actions still ran")
    void censusActionFailed(String action, String cause, @Cause Throwable error);

    @LogMessage(level = WARN)
    @Message(id = 307, value = "Watermark '%s': action 'thread-census' needs /subsystem=vigil/service=thread-census, which is not configured, so it did nothing. Add it: /subsystem=vigil/service=thread-census:add")
    void censusNotConfigured(String watermark);

    @LogMessage(level = WARN)
    @Message(id = 308, value = "Creator tracking's JFR stream of thread starts ended (%s); Vigil started a new one. Threads started in between "
            + "have creator unknown")
    void creatorTrackingRestarted(String cause);

    @LogMessage(level = WARN)
    @Message(id = 309, value = "Creator tracking gets no thread starts from JFR (last stream end: %s): threads started from now on have creator "
            + "unknown; their entry and deployment are still counted. An OutOfMemoryError can end JFR's own 'JFR Periodic Tasks' thread, "
            + "after which JDK 17's JFR delivers no more events until the server restarts: restart it to track creators again")
    void creatorTrackingLost(String cause);

    @LogMessage(level = INFO)
    @Message(id = 310, value = "Creator tracking gets thread starts from JFR again")
    void creatorTrackingRecovered();

    @LogMessage(level = WARN)
    @Message(id = 311, value = "Creator tracking keeps the starts of at most %d live threads and has refused more (%d since it began): "
            + "their creator is unknown, while their entry and deployment are still counted. So many live threads is most often a leak "
            + "itself: see who runs them with /subsystem=vigil/service=thread-census:census(group-by=entry); creator-starts-dropped counts "
            + "the refused starts, and creators are tracked again once threads end")
    void creatorTrackingFull(int maxTracked, long dropped);

    // ---- instance guard ----

    @LogMessage(level = ERROR)
    @Message(id = 400, value = "Another server already runs on this server's %s: %s. %s This server stops now (exit code 1), before it listens or serves, and "
            + "leaves the other's files alone. To proceed: stop the other server first (%s), or give this one its own directories "
            + "(-Djboss.server.base.dir) and ports (-Djboss.socket.binding.port-offset). To run both anyway: on-duplicate=warn in "
            + "/subsystem=vigil/service=instance-guard")
    void duplicateFail(String shared, String other, String consequence, String howToStop);

    @LogMessage(level = ERROR)
    @Message(id = 401, value = "Another server already runs on this server's %s: %s. %s This server runs on because on-duplicate=warn: "
            + "stop one of them (%s)")
    void duplicateWarn(String shared, String other, String consequence, String howToStop);

    @LogMessage(level = WARN)
    @Message(id = 402, value = "Another server tried to start on this server's %s: %s, at %s; it %s. Something starts this "
            + "server a second time: look for a second start script, service unit or cron job")
    void contender(String shared, String other, String time, String outcome);

    @LogMessage(level = ERROR)
    @Message(id = 403, value = "The lock file %s was %s while this server ran; %s. Something removes files in the server's directories; "
            + "until the lock is held, a second server on them is not detected")
    void lockLost(String file, String how, String retaken);

    @Message(id = 404, value = "lock-dirs=%s is not allowed: it cannot hold the lock file vigil.lock (%s). Allowed: existing directories "
            + "the server's user %s can write")
    String lockDirUnusable(String dir, String reason, String user);

    @LogMessage(level = INFO)
    @Message(id = 405, value = "Instance guard: this server (pid %d) holds %s; %s (checked in %d ms, %d ms of CPU)")
    void guardStarted(long pid, String lockFiles, String ports, long millis, long cpuMillis);

    @LogMessage(level = WARN)
    @Message(id = 406, value = "Another process listens on this server's %s: %s. A second server was started on the same ports, or "
            + "another program took them")
    void duplicateWhileRunning(String shared, String other);

    @LogMessage(level = WARN)
    @Message(id = 407, value = "Could not publish the MBean %s; jboss-cli still reports the instance guard")
    void guardMBeanFailed(String name, @Cause Throwable cause);

    @Message(id = 408, value = "The instance guard was not added: another server already runs on this server's %s: %s. %s With on-duplicate=fail "
            + "the guard refuses to start beside it, and this running server is left as it was (nothing added, no lock held). To proceed: stop the "
            + "other server first (%s), give this one other lock-dirs, or add the guard with on-duplicate=warn")
    String duplicateRefusesAdd(String shared, String other, String consequence, String howToStop);

    @LogMessage(level = INFO)
    @Message(id = 500, value = "Vigil's health check answers GET %s on the management interface (security-enabled=%s, unhealthy-after=%d s): 503 once a watermark has stayed CRITICAL longer than unhealthy-after")
    void healthServed(String path, boolean securityEnabled, long unhealthyAfter);

    @LogMessage(level = INFO)
    @Message(id = 501, value = "/subsystem=vigil/service=health is configured, but this process has no management HTTP interface (capability org.wildfly.management.http.extensible), so /vigil/health is not served: a managed domain's servers have none. On a standalone server, configure the http-interface of core-service=management to serve it")
    void healthNotServed();

    @LogMessage(level = WARN)
    @Message(id = 502, value = "Health check DOWN: /vigil/health answers 503 (%s). A liveness probe on it restarts this server; the CRITICAL actions' evidence is in the heap dump directory")
    void healthDown(String reason);

    @LogMessage(level = INFO)
    @Message(id = 503, value = "Health check UP again: /vigil/health answers 200 (%s)")
    void healthUp(String reason);

    @LogMessage(level = WARN)
    @Message(id = 504, value = "Watermark '%s': action 'suspend' suspended the server, as :suspend does: /health/ready answers 503 and load balancers drain it. Vigil resumes it when the watermark is NORMAL again; :resume resumes it now")
    void serverSuspended(String watermark);

    @LogMessage(level = INFO)
    @Message(id = 505, value = "Watermark '%s' is NORMAL again: Vigil resumed the server it suspended at %s")
    void serverResumed(String watermark, String since);

    @LogMessage(level = INFO)
    @Message(id = 506, value = "Watermark '%s' is NORMAL again, but Vigil does not resume the server: %s")
    void notResumed(String watermark, String why);

    @LogMessage(level = WARN)
    @Message(id = 507, value = "Watermark '%s': action 'suspend' did nothing: the server is %s already, not by Vigil, so Vigil will not resume it either (:resume does)")
    void suspendedBySomeoneElse(String watermark, String state);

    @LogMessage(level = INFO)
    @Message(id = 508, value = "Watermark '%s': action 'suspend': the server is suspended by Vigil already, now held for watermark(s) %s (since %s); resumed when all are NORMAL")
    void suspendHeldAlready(String watermark, String holders, String since);

    @LogMessage(level = WARN)
    @Message(id = 509, value = "Watermark '%s': action 'suspend' did nothing: %s")
    void suspendNoController(String watermark, String why);
}
