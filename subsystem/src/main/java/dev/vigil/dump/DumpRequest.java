package dev.vigil.dump;

import java.time.Instant;

import org.jboss.dmr.ModelNode;

import dev.vigil.action.ActionRequest;

/**
 * A request for a dump or a histogram.
 *
 * @param trigger     the last part of the file name: {@code manual}, or a watermark move such as {@code heap-critical}
 * @param requestedBy who asked, as shown to someone who is refused because this dump is in progress
 * @param triggered   whether an automatic trigger asked (held back by the cooldown) rather than a person
 * @param time        when the cause happened; names the files, so a histogram and the dump that follows it share a name
 * @param details     what the trigger knows (the watermark move), written into the metadata; undefined if nothing
 * @param caller      the identity of the person who asked, written into the metadata as {@code identity}; null for a trigger
 */
public record DumpRequest(String trigger, String requestedBy, boolean triggered, Instant time, ModelNode details, Caller caller) {

    public static final String MANUAL = "manual";

    public static DumpRequest manual(String requestedBy, Instant time) {
        return new DumpRequest(MANUAL, requestedBy, false, time, new ModelNode(), null);
    }

    /** A dump a person asked for through {@code via} (an operation, an MBean): requested by "via by caller". */
    public static DumpRequest manual(Caller caller, String via, Instant time) {
        return new DumpRequest(MANUAL, via + " by " + caller, false, time, new ModelNode(), caller);
    }

    /** The dump, histogram or census an automatic action asks for: named and noted for its cause. */
    public static DumpRequest of(ActionRequest cause) {
        return new DumpRequest(cause.trigger(), cause.requestedBy(), true, cause.time(), cause.details());
    }

    /** A request no identity made (a watermark move, an origin warning). */
    public DumpRequest(String trigger, String requestedBy, boolean triggered, Instant time, ModelNode details) {
        this(trigger, requestedBy, triggered, time, details, null);
    }

    public DumpRequest {
        // watermark and server names may hold anything (a leading dot, ..); file names may not
        trigger = DumpDirectory.fileNamePart(trigger);
    }
}
