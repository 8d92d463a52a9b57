package dev.vigil.dump;

import java.time.Instant;

import org.jboss.dmr.ModelNode;

/**
 * A request for a dump or a histogram.
 *
 * @param trigger     the last part of the file name: {@code manual}, or a watermark move such as {@code heap-critical}
 * @param requestedBy who asked, as shown to someone who is refused because this dump is in progress
 * @param triggered   whether an automatic trigger asked (held back by the cooldown) rather than a person
 * @param time        when the cause happened; names the files, so a histogram and the dump that follows it share a name
 * @param details     what the trigger knows (the watermark move), written into the metadata; undefined if nothing
 */
public record DumpRequest(String trigger, String requestedBy, boolean triggered, Instant time, ModelNode details) {

    public static final String MANUAL = "manual";

    public static DumpRequest manual(String requestedBy, Instant time) {
        return new DumpRequest(MANUAL, requestedBy, false, time, new ModelNode());
    }

    public DumpRequest {
        if (!trigger.matches("[\\w.-]+")) {
            // watermark names may hold anything; file names may not
            trigger = trigger.replaceAll("[^\\w.-]", "_");
        }
    }
}
