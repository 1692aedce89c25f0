package org.clinicalbert.workbench.data.mimic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MimicShardWriterTest {

    @TempDir
    Path dir;

    private static final FormatManifest.Fingerprint FP =
            new FormatManifest.Fingerprint("x.csv", 1, 2, "abc", 2);

    @Test
    void failedAndEmptyNotesAreCountedAndListedNotDropped() throws IOException {
        SelectedNote bad = new SelectedNote("7", "1", "1", "Nursing", "boom");
        NoteOutcome failed = NoteOutcome.format(text -> {
            throw new IllegalStateException("formatter broke on " + text);
        }, bad, 12);
        assertEquals("java.lang.IllegalStateException: formatter broke on boom", failed.failure());

        ShardedCorpusWriter w = new ShardedCorpusWriter(dir, FP);
        w.add(new NoteOutcome("5", "Nursing", 10, List.of("One.", "Two."), 2, null));
        w.add(failed);
        w.add(new NoteOutcome("8", "Nursing", 13, List.of(), 0, null));
        w.finish();
        FormatSummary.CategoryTotals t = w.totals().get("nursing");
        assertEquals(new FormatSummary.CategoryTotals("Nursing", "nursing", 2, 3, 1, 2, 2, 1, 1), t);
        assertEquals(List.of(new FormatManifest.FailedNote("7", 12,
                "java.lang.IllegalStateException: formatter broke on boom")), w.failures());
        assertEquals("One.\nTwo.\n\n", Files.readString(dir.resolve("nursing/shard-00000.txt")));
        assertEquals("", Files.readString(dir.resolve("nursing/shard-00001.txt")));
    }

    @Test
    void twoCategoriesThatShareAFolderAreTheInputsToTellApart() throws IOException {
        ShardedCorpusWriter w = new ShardedCorpusWriter(dir, FP);
        w.add(new NoteOutcome("5", "Discharge summary", 10, List.of("One."), 1, null));
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.clinicalbert.workbench.io.UserInputException.class,
                () -> w.add(new NoteOutcome("6", "Discharge-Summary", 11, List.of("Two."), 1, null)));
        assertEquals(dir.resolve(ShardedCorpusWriter.slug("Discharge summary")) + ": the NOTEEVENTS categories "
                + "'Discharge summary' and 'Discharge-Summary' both map to this folder: make the CATEGORY values differ "
                + "in more than case and punctuation", e.getMessage());
    }

    @Test
    void categorySlugs() {
        assertEquals("discharge_summary", ShardedCorpusWriter.slug("Discharge summary"));
        assertEquals("nursing_other", ShardedCorpusWriter.slug("Nursing/other"));
        assertEquals("physician", ShardedCorpusWriter.slug("Physician "));
        assertEquals("uncategorised", ShardedCorpusWriter.slug(" / "));
    }
}
