package org.clinicalbert.workbench.data.mimic;

import java.io.Serializable;
import java.util.List;
import java.util.function.Function;

/**
 * What formatting one selected note gave: its lines, or the reason it failed. Serializable so Spark executors can
 * send it to the driver.
 *
 * @param recordNumber the note's NOTEEVENTS record number, or -1 where unknown (Spark path)
 */
public record NoteOutcome(String rowId, String category, long recordNumber, List<String> sentences, long tokens,
                          String failure)
        implements Serializable {

    public static NoteOutcome format(NoteFormatter formatter, SelectedNote note, long recordNumber) {
        return format(formatter::format, note, recordNumber);
    }

    static NoteOutcome format(Function<String, NoteFormatter.FormattedNote> formatter, SelectedNote note,
                              long recordNumber) {
        try {
            NoteFormatter.FormattedNote f = formatter.apply(note.text());
            return new NoteOutcome(note.rowId(), note.category(), recordNumber, List.copyOf(f.sentences()), f.tokens(),
                    null);
        } catch (RuntimeException e) {
            // a note that breaks the formatter is reported in the summary, never silently dropped
            return new NoteOutcome(note.rowId(), note.category(), recordNumber, List.of(), 0, e.toString());
        }
    }

    public boolean failed() {
        return failure != null;
    }
}
