package org.clinicalbert.workbench.data.mimic;

import org.clinicalbert.workbench.io.SkippedRecords;

import java.util.List;
import java.util.Map;

/**
 * The end-of-run report written as {@code summary.json}: per-category totals and every reason a record did not
 * become text, with counts (the original dropped failing notes silently).
 *
 * @param skipped      records the pipeline filtered out, by reason ({@code ISERROR=1}, {@code category not selected})
 * @param skippedAtLines the NOTEEVENTS line where each of the first {@link SkippedRecords#LOCATED} skipped records
 *                     per reason starts
 * @param failures     the first {@link #MAX_LISTED_FAILURES} notes that failed to format, all categories
 * @param resumedShards shards found finished by an earlier run and not redone
 */
public record FormatSummary(String input, String pipeline, long recordsRead, long notesSelected,
                            Map<String, Long> skipped, Map<String, List<Long>> skippedAtLines,
                            Map<String, CategoryTotals> categories,
                            long failedNotes, List<FormatManifest.FailedNote> failures, int resumedShards,
                            int shardsWritten) {

    public static final int MAX_LISTED_FAILURES = 1000;

    /** Totals of one category ({@code notes} = notes written with text). */
    public record CategoryTotals(String category, String directory, int shards, long selected, long notes,
                                 long sentences, long tokens, long emptyNotes, long failedNotes) {
    }
}
