package dev.vigil.evidence;

import org.jboss.dmr.ModelNode;

import dev.vigil.action.ActionRequest;

/**
 * Where what one cause found is kept for the files of the same cause: the suspects' text beside its histogram, census
 * and dump ({@code NAME.suspects.txt}), and their list in the dump's note. The heap-dumps capability provides it.
 */
public interface EvidenceNotes {

    /** The suspects' file beside the cause's histogram, census and dump. */
    String SUSPECTS = ".suspects.txt";

    /** Writes {@code NAME + suffix} beside the cause's other files; returns the file's name or why it was not written. */
    String writeCompanion(ActionRequest cause, String suffix, String text);

    /** Adds {@code key: value} to the note of the dump that this cause takes next (if it takes one). */
    void addToNote(ActionRequest cause, String key, ModelNode value);
}
