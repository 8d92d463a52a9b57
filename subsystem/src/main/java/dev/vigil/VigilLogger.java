package dev.vigil;

import static org.jboss.logging.Logger.Level.ERROR;
import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import java.util.Collection;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/**
 * Every message Vigil logs or puts in an error, with its id. Ids: 0001-0099 refused input, 0100-0199 watermarks.
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

    // ---- watermarks ----

    @LogMessage(level = INFO)
    @Message(id = 100, value = "Watermark '%s' watches %s (%s): warning at %d%%, critical at %d%%, measured %s")
    void watermarkStarted(String name, String pools, String size, int warning, int critical, String measure);

    @LogMessage(level = WARN)
    @Message(id = 101, value = "Watermark '%s' is WARNING (was %s): %s of %s used %s (%.1f%%), the warning level is %d%%. "
            + "The memory is filling up; if it keeps rising the server will run out of it. Watch peak-used and find the largest "
            + "holders (jcmd <pid> GC.class_histogram, or a heap dump)")
    void watermarkWarning(String name, String from, String used, String max, String measure, double percent, int warning);

    @LogMessage(level = ERROR)
    @Message(id = 102, value = "Watermark '%s' is CRITICAL (was %s): %s of %s used %s (%.1f%%), the critical level is %d%%. "
            + "The server is close to OutOfMemoryError: take a heap dump or a class histogram now, then free memory or restart the server")
    void watermarkCritical(String name, String from, String used, String max, String measure, double percent, int critical);

    @LogMessage(level = INFO)
    @Message(id = 103, value = "Watermark '%s' is NORMAL again (was %s): %s of %s used %s (%.1f%%)")
    void watermarkNormal(String name, String from, String used, String max, String measure, double percent);

    @LogMessage(level = WARN)
    @Message(id = 104, value = "Watermark '%s' could not publish its MBean %s; jboss-cli and /metrics still report it")
    void mbeanNotRegistered(String name, String objectName, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 105, value = "Watermark '%s': action '%s' failed after the move to %s; the other actions still ran")
    void actionFailed(String name, String action, String state, @Cause Throwable cause);
}
