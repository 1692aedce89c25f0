package org.clinicalbert.workbench.data.mimic;

import java.util.List;

/**
 * One row of MIMIC-III {@code NOTEEVENTS.csv}, every column kept as the text the file holds
 * (HADM_ID, CHARTTIME, CGID and ISERROR are often empty, so nothing is parsed here).
 *
 * @param recordNumber 1-based data record number (the header is not counted)
 * @param line         1-based line in the file where the record starts
 */
public record NoteEvent(String rowId, String subjectId, String hadmId, String chartDate, String chartTime,
                        String storeTime, String category, String description, String cgid, String isError,
                        String text, long recordNumber, long line) {

    /** The column names in file order, exactly as MIMIC-III v1.4 ships them. */
    public static final List<String> COLUMNS = List.of("ROW_ID", "SUBJECT_ID", "HADM_ID", "CHARTDATE",
            "CHARTTIME", "STORETIME", "CATEGORY", "DESCRIPTION", "CGID", "ISERROR", "TEXT");

    /** The values in {@link #COLUMNS} order. */
    public List<String> values() {
        return List.of(rowId, subjectId, hadmId, chartDate, chartTime, storeTime, category, description, cgid,
                isError, text);
    }

    static NoteEvent of(List<String> v, long recordNumber, long line) {
        return new NoteEvent(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7),
                v.get(8), v.get(9), v.get(10), recordNumber, line);
    }
}
