package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.experiment.config.DataConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every record a run skips is counted and located (file and line) in the run's data notes, never only logged. */
class TaskDataNotesTest {

    @TempDir
    Path dir;

    @Test
    void skippedMedNliLabelsAreCountedAndLocatedInTheDataNotes() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("mednli"));
        Path demo = Path.of("experiments/demo-data/mednli");
        for (String split : List.of("train", "dev", "test")) {
            Files.copy(demo.resolve("mli_" + split + "_v1.jsonl"), corpus.resolve("mli_" + split + "_v1.jsonl"));
        }
        Path train = corpus.resolve("mli_train_v1.jsonl");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(train));
        // two records without a usable label, at lines 2 and 5 (1-based), as a user's edited copy would have them
        lines.set(1, lines.get(1).replaceFirst("\"gold_label\":\\s*\"[a-z]+\"", "\"gold_label\":\"-\""));
        lines.set(4, lines.get(4).replaceFirst("\"gold_label\":\\s*\"[a-z]+\"", "\"gold_label\":\"unknown\""));
        Files.write(train, lines);
        TaskData<?> d = TaskData.mednli(new DataConfig("original", null, null, null, corpus, 42));
        assertEquals(List.of(train + ": skipped 2 record(s) without a valid gold label {-=1, unknown=1}: "
                + "line 2 (gold_label \"-\"), line 5 (gold_label \"unknown\")"), d.notes());
        assertEquals(lines.size() - 2, d.train().size());
    }
}
