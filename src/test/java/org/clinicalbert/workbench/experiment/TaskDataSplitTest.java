package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.data.i2b2.I2b2_2014Reader;
import org.clinicalbert.workbench.data.ner.TaggedSentence;
import org.clinicalbert.workbench.experiment.config.DataConfig;
import org.clinicalbert.workbench.experiment.config.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dev set carved from a corpus without one holds whole documents, and whole patients for i2b2 2014. */
class TaskDataSplitTest {

    @TempDir
    Path tmp;

    private static Set<String> patients(java.util.List<TaggedSentence> s) {
        return s.stream().map(x -> I2b2_2014Reader.patientOf(x.documentId())).collect(Collectors.toSet());
    }

    @Test
    void i2b2_2014DevIsCarvedByPatient() throws IOException {
        RunnerFixture.corpora(tmp, RunnerFixture.SIZE);
        DataConfig data = new DataConfig("original", null, null, null, tmp.resolve("i2b2-2014"), 42);
        TaskData<TaggedSentence> d = TaskData.ner(Task.I2B2_2014, data);
        Set<String> devPatients = patients(d.dev());
        assertFalse(devPatients.isEmpty());
        Set<String> shared = new HashSet<>(devPatients);
        shared.retainAll(patients(d.train()));
        assertEquals(Set.of(), shared, "no patient on both sides");
        // the synthetic release has two or three records per patient, so some dev patient has several records
        long devRecords = d.dev().stream().map(TaggedSentence::documentId).distinct().count();
        assertTrue(devRecords > devPatients.size(), devRecords + " records of " + devPatients);
    }

    @Test
    void otherCorporaAreCarvedByDocument() throws IOException {
        RunnerFixture.corpora(tmp, 10);
        DataConfig data = new DataConfig("original", null, null, null, tmp.resolve("i2b2-2010"), 42);
        TaskData<TaggedSentence> d = TaskData.ner(Task.I2B2_2010, data);
        Set<String> dev = d.dev().stream().map(TaggedSentence::documentId).collect(Collectors.toSet());
        Set<String> train = d.train().stream().map(TaggedSentence::documentId).collect(Collectors.toSet());
        assertEquals(1, dev.size(), "10% of 10 documents");
        assertEquals(9, train.size());
    }

    /** MedNLI ships a dev file: carving one from train without saying so is a warning; dev_from_train says so. */
    @Test
    void missingMedNliDevIsAWarningUnlessTheCarveIsExplicit() throws IOException {
        RunnerFixture.corpora(tmp, 4);
        Path mednli = tmp.resolve("mednli");
        java.nio.file.Files.delete(mednli.resolve("mli_dev_v1.jsonl"));
        var warned = TaskData.mednli(new DataConfig("original", null, null, null, mednli, 42));
        assertTrue(warned.notes().stream().anyMatch(n -> n.startsWith("warning: no MedNLI dev file")), warned.notes().toString());
        var explicit = TaskData.mednli(new DataConfig("original", null, null, null, mednli, 42, true));
        assertTrue(explicit.notes().stream().noneMatch(n -> n.startsWith("warning:")), explicit.notes().toString());
        assertEquals(warned.dev(), explicit.dev(), "the same carve either way");
        assertFalse(explicit.dev().isEmpty());
    }

    @Test
    void devFromTrainIgnoresAShippedDevFile() throws IOException {
        RunnerFixture.corpora(tmp, 4);
        Path mednli = tmp.resolve("mednli");
        var shipped = TaskData.mednli(new DataConfig("original", null, null, null, mednli, 42));
        var carved = TaskData.mednli(new DataConfig("original", null, null, null, mednli, 42, true));
        assertEquals(shipped.train().size(), carved.train().size() + carved.dev().size());
    }
}
