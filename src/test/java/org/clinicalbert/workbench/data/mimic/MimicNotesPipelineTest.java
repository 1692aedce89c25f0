package org.clinicalbert.workbench.data.mimic;

import org.clinicalbert.workbench.io.UserInputException;
import org.datavec.api.transform.TransformProcess;
import org.datavec.api.writable.Writable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MimicNotesPipelineTest {

    static final Path PIPELINES = Path.of("datavec-pipelines");

    /** The committed JSON files are what the builder produces: regenerate with MimicNotesPipeline#main if not. */
    @Test
    void committedPipelineFilesAreInSyncWithTheBuilder() throws IOException {
        assertEquals(MimicNotesPipeline.build(Set.of()).toJson(),
                Files.readString(PIPELINES.resolve(MimicNotesPipeline.ALL_NOTES_FILE)));
        assertEquals(MimicNotesPipeline.build(Set.of(MimicNotesPipeline.DISCHARGE_CATEGORY)).toJson(),
                Files.readString(PIPELINES.resolve(MimicNotesPipeline.DISCHARGE_FILE)));
    }

    private static List<SelectedNote> apply(TransformProcess tp, List<NoteEvent> events) {
        List<SelectedNote> out = new ArrayList<>();
        for (NoteEvent e : events) {
            List<Writable> w = tp.execute(MimicNotesPipeline.toWritables(e));
            if (w != null) {
                out.add(SelectedNote.fromWritables(w));
            }
        }
        return out;
    }

    private static List<NoteEvent> sample() throws IOException {
        List<NoteEvent> all = new ArrayList<>();
        try (NoteEventsReader r = new NoteEventsReader(NoteEventsReaderTest.sample())) {
            r.forEachRemaining(all::add);
        }
        return all;
    }

    @Test
    void filteredRecordComesBackNullAndKeptRecordHasTheFiveColumns() throws IOException {
        TransformProcess tp = MimicNotesPipeline.load(PIPELINES.resolve(MimicNotesPipeline.ALL_NOTES_FILE));
        List<NoteEvent> events = sample();
        // record 2 has ISERROR=1: DataVec M2.1 signals a filtered record with null
        assertNull(tp.execute(MimicNotesPipeline.toWritables(events.get(1))));
        List<Writable> kept = tp.execute(MimicNotesPipeline.toWritables(events.get(2)));
        assertEquals(List.of("176", "13702", "", "ECG", "Sinus rhythm, rate 72. Comma, \"quoted\", fine."),
                kept.stream().map(Writable::toString).toList());
        assertEquals(List.of("174", "176", "177"), apply(tp, events).stream().map(SelectedNote::rowId).toList());
    }

    @Test
    void dischargeFileAndCategoryRestrictionSelectByTrimmedCategory() throws IOException {
        List<NoteEvent> events = sample();
        TransformProcess disch = MimicNotesPipeline.load(PIPELINES.resolve(MimicNotesPipeline.DISCHARGE_FILE));
        assertEquals(List.of("174"), apply(disch, events).stream().map(SelectedNote::rowId).toList());

        TransformProcess all = MimicNotesPipeline.load(PIPELINES.resolve(MimicNotesPipeline.ALL_NOTES_FILE));
        TransformProcess some = MimicNotesPipeline.restrictCategories(all, Set.of("ECG", "Radiology"));
        assertEquals(List.of("176", "177"), apply(some, events).stream().map(SelectedNote::rowId).toList());
        // a trailing space in the data ("Nursing ") still matches the trimmed name
        NoteEvent nursing = events.get(1);
        NoteEvent notError = new NoteEvent(nursing.rowId(), nursing.subjectId(), nursing.hadmId(), nursing.chartDate(),
                nursing.chartTime(), nursing.storeTime(), nursing.category(), nursing.description(), nursing.cgid(),
                "", nursing.text(), 2, 6);
        List<SelectedNote> n = apply(MimicNotesPipeline.restrictCategories(all, Set.of("Nursing")), List.of(notError));
        assertEquals("Nursing", n.get(0).category());
    }

    @Test
    void pipelineWithOtherColumnsIsRejected(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        TransformProcess other = new TransformProcess.Builder(MimicNotesPipeline.inputSchema())
                .removeColumns("TEXT").build();
        Path p = dir.resolve("other.json");
        Files.writeString(p, other.toJson());
        UserInputException e = assertThrows(UserInputException.class, () -> MimicNotesPipeline.load(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }
}
