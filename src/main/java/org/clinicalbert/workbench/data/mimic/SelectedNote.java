package org.clinicalbert.workbench.data.mimic;

import org.datavec.api.writable.Writable;

import java.io.Serializable;
import java.util.List;

/** A note that passed the selection pipeline: the columns {@link MimicNotesPipeline} keeps. */
public record SelectedNote(String rowId, String subjectId, String hadmId, String category, String text)
        implements Serializable {

    /** Reads the pipeline's output record (ROW_ID, SUBJECT_ID, HADM_ID, CATEGORY, TEXT). */
    public static SelectedNote fromWritables(List<Writable> w) {
        if (w.size() != MimicNotesPipeline.KEPT_COLUMNS.size()) {
            throw new IllegalArgumentException("pipeline output has " + w.size() + " columns, expected "
                    + MimicNotesPipeline.KEPT_COLUMNS);
        }
        return new SelectedNote(w.get(0).toString(), w.get(1).toString(), w.get(2).toString(),
                w.get(3).toString(), w.get(4).toString());
    }
}
