package org.clinicalbert.workbench.data.mimic;

import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.UserInputException;
import org.datavec.api.transform.DataAction;
import org.datavec.api.transform.TransformProcess;
import org.datavec.api.transform.condition.ConditionOp;
import org.datavec.api.transform.condition.column.StringColumnCondition;
import org.datavec.api.transform.filter.ConditionFilter;
import org.datavec.api.transform.schema.Schema;
import org.datavec.api.transform.transform.string.ReplaceStringTransform;
import org.datavec.api.writable.Text;
import org.datavec.api.writable.Writable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DataVec {@link TransformProcess} that selects notes: drop {@code ISERROR=1}, optionally keep only chosen
 * categories, keep ROW_ID, SUBJECT_ID, HADM_ID, CATEGORY, TEXT. The process lives as JSON under
 * {@code datavec-pipelines/} ({@link #main} regenerates those files; a test checks they are in sync) and is loaded
 * from there at run time, so the same file drives the local record-by-record path and the Spark executor.
 */
public final class MimicNotesPipeline {

    /** Pipeline over all categories (the paper's "all notes"). */
    public static final String ALL_NOTES_FILE = "mimic-notes-all.json";
    /** Pipeline keeping discharge summaries only (the paper's "discharge summary" corpus). */
    public static final String DISCHARGE_FILE = "mimic-notes-discharge.json";
    public static final String DISCHARGE_CATEGORY = "Discharge summary";
    public static final List<String> KEPT_COLUMNS = List.of("ROW_ID", "SUBJECT_ID", "HADM_ID", "CATEGORY", "TEXT");

    private MimicNotesPipeline() {
    }

    /**
     * All NOTEEVENTS columns as strings: HADM_ID, CGID and ISERROR are empty on many rows and the ids are only
     * carried through, so parsing them as numbers would add failure modes and nothing else.
     */
    public static Schema inputSchema() {
        Schema.Builder b = new Schema.Builder();
        NoteEvent.COLUMNS.forEach(b::addColumnString);
        return b.build();
    }

    /**
     * Builds the selection. Categories are trimmed first because MIMIC spells some with a trailing space
     * ({@code "Physician "}, {@code "Case Management "}, {@code "Respiratory "}).
     *
     * @param categories categories to keep (trimmed names); empty keeps every category
     */
    public static TransformProcess build(Set<String> categories) {
        TransformProcess.Builder b = new TransformProcess.Builder(inputSchema())
                .transform(new ReplaceStringTransform("CATEGORY", Map.of("^\\s+|\\s+$", "")))
                .transform(new ReplaceStringTransform("ISERROR", Map.of("^\\s+|\\s+$", "")))
                .filter(new ConditionFilter(new StringColumnCondition("ISERROR", ConditionOp.Equal, "1")));
        if (!categories.isEmpty()) {
            b.filter(new ConditionFilter(new StringColumnCondition("CATEGORY", ConditionOp.NotInSet,
                    new LinkedHashSet<>(categories))));
        }
        return b.removeAllColumnsExceptFor(KEPT_COLUMNS.toArray(new String[0])).build();
    }

    /** Loads a pipeline file and checks it reads NOTEEVENTS and yields the columns {@link SelectedNote} expects. */
    public static TransformProcess load(Path json) throws IOException {
        TransformProcess tp = TransformProcess.fromJson(Files.readString(json, StandardCharsets.UTF_8));
        if (!tp.getInitialSchema().getColumnNames().equals(NoteEvent.COLUMNS)
                || !tp.getFinalSchema().getColumnNames().equals(KEPT_COLUMNS)) {
            throw new UserInputException(json + ": pipeline must read " + NoteEvent.COLUMNS + " and produce "
                    + KEPT_COLUMNS + ", but goes " + tp.getInitialSchema().getColumnNames() + " -> "
                    + tp.getFinalSchema().getColumnNames());
        }
        return tp;
    }

    /**
     * The loaded pipeline narrowed to the given categories: its own steps, then one more category filter on the
     * (already trimmed, still present) CATEGORY column. Used for {@code --categories}; the result is written next
     * to the output so a run records exactly what it applied.
     */
    public static TransformProcess restrictCategories(TransformProcess base, Set<String> categories) {
        if (categories.isEmpty()) {
            return base;
        }
        List<DataAction> actions = new ArrayList<>(base.getActionList());
        actions.add(new DataAction(new ConditionFilter(new StringColumnCondition("CATEGORY", ConditionOp.NotInSet,
                new LinkedHashSet<>(categories)))));
        return new TransformProcess(base.getInitialSchema(), actions);
    }

    public static List<Writable> toWritables(NoteEvent e) {
        List<Writable> w = new ArrayList<>(NoteEvent.COLUMNS.size());
        for (String v : e.values()) {
            w.add(new Text(v));
        }
        return w;
    }

    /** Regenerates the pipeline files: {@code MimicNotesPipeline [dir]} (default {@code datavec-pipelines}). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "datavec-pipelines");
        AtomicFiles.writeString(dir.resolve(ALL_NOTES_FILE), build(Set.of()).toJson());
        AtomicFiles.writeString(dir.resolve(DISCHARGE_FILE),
                build(Set.of(DISCHARGE_CATEGORY)).toJson());
    }
}
