package dev.vigil.action;

import java.time.Instant;

import org.jboss.dmr.ModelNode;

/**
 * One cause of automatic actions (a watermark's move, an origin warning), made once by the capability that saw it and
 * handed to every action it configures: so the histogram, the thread census and the dump taken for it share a name in
 * the dump directory, and the dump finds the histogram taken for the same cause.
 *
 * @param source      who saw the cause, for the messages: the watermark's name, or {@code thread census}
 * @param trigger     the last part of the files' names, e.g. {@code heap-critical}, {@code threads-creator}
 * @param requestedBy the cause in words, e.g. {@code watermark 'heap' entering CRITICAL}
 * @param time        when it happened; names the files
 * @param details     what the cause knows (the watermark's move, the origin and its count), written into the dump's note
 */
public record ActionRequest(String source, String trigger, String requestedBy, Instant time, ModelNode details) {

    public ActionRequest {
        details = details.clone(); // a record compared by value: nobody may change it after
        details.protect();
    }
}
