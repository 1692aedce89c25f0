package org.clinicalbert.workbench.data.mednli;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MedNliReaderTest {

    static final String GOOD = """
            {"sentence1": "Labs were notable for Cr 1.7.", "pairID": "a-1", "sentence1_parse": "(ROOT)", "sentence1_binary_parse": "( )", "sentence2": "Patient has elevated Cr", "sentence2_parse": "(ROOT)", "sentence2_binary_parse": "( )", "gold_label": "entailment"}
            {"sentence1": "No fever.", "pairID": "a-2", "sentence2": "Patient is febrile", "gold_label": "contradiction"}

            {"sentence1": "Pain \\u00e9 \\"sharp\\".", "pairID": "a-3", "sentence2": "Patient is tall", "gold_label": "neutral"}
            {"sentence1": "x", "pairID": "a-4", "sentence2": "y", "gold_label": "-"}
            {"sentence1": "x", "pairID": "a-5", "sentence2": "y"}
            """;

    @Test
    void readsPairsAndCountsSkippedLabels(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mli_dev_v1.jsonl"), GOOD);
        MedNliReader r = MedNliReader.of(dir, MedNliReader.Split.DEV);
        List<NliPair> pairs = r.readAll();
        assertEquals(List.of(
                new NliPair("a-1", "Labs were notable for Cr 1.7.", "Patient has elevated Cr", NliLabel.ENTAILMENT),
                new NliPair("a-2", "No fever.", "Patient is febrile", NliLabel.CONTRADICTION),
                new NliPair("a-3", "Pain é \"sharp\".", "Patient is tall", NliLabel.NEUTRAL)), pairs);
        assertEquals(Map.of("-", 1, "<missing>", 1), r.skippedByLabel());
        assertEquals(2, r.skippedCount());
        assertEquals(5, r.skipped().get(0).line());
        assertEquals("a-5", r.skipped().get(1).pairId());
    }

    @Test
    void malformedJsonNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mli_train_v1.jsonl");
        Files.writeString(f, GOOD.replace("\"pairID\": \"a-2\",", "\"pairID\": \"a-2\""));
        InputFormatException e = assertThrows(InputFormatException.class, () -> new MedNliReader(f).readAll());
        assertEquals(f, e.file());
        assertEquals("line 2", e.location());
    }

    @Test
    void missingSentenceNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mli_test_v1.jsonl");
        Files.writeString(f, GOOD.replace("\"sentence2\": \"Patient is tall\", ", ""));
        InputFormatException e = assertThrows(InputFormatException.class, () -> new MedNliReader(f).readAll());
        assertEquals("line 4", e.location());
        assertTrue(e.getMessage().contains("sentence2"));
    }
}
