package org.clinicalbert.workbench.checkpoint;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointLocatorTest {

    @TempDir
    Path dir;

    private void touch(String... names) throws IOException {
        for (String n : names) {
            Files.createFile(dir.resolve(n));
        }
    }

    @Test
    void googleBertFolder() throws IOException {
        touch("bert_model.ckpt.index", "bert_model.ckpt.data-00000-of-00001", "bert_model.ckpt.meta", "vocab.txt",
                "bert_config.json");
        assertEquals(dir.resolve("bert_model.ckpt"), CheckpointLocator.locate(dir));
    }

    @Test
    void bioBertV10Folder() throws IOException {
        touch("biobert_model.ckpt.index", "biobert_model.ckpt.data-00000-of-00001", "biobert_model.ckpt.meta");
        assertEquals(dir.resolve("biobert_model.ckpt"), CheckpointLocator.locate(dir));
    }

    @Test
    void highestStepWinsWithoutStateFile() throws IOException {
        touch("model.ckpt-100000.index", "model.ckpt-150000.index", "model.ckpt-99999.index");
        assertEquals(dir.resolve("model.ckpt-150000"), CheckpointLocator.locate(dir));
    }

    @Test
    void stateFileChoosesEvenAnOlderStep() throws IOException {
        touch("model.ckpt-100000.index", "model.ckpt-150000.index");
        Files.writeString(dir.resolve("checkpoint"),
                "model_checkpoint_path: \"model.ckpt-100000\"\nall_model_checkpoint_paths: \"model.ckpt-150000\"\n");
        assertEquals(dir.resolve("model.ckpt-100000"), CheckpointLocator.locate(dir));
    }

    @Test
    void stateFileWithAbsolutePathFromTheTrainingMachineFallsBackToThisFolder() throws IOException {
        touch("model.ckpt-150000.index");
        Files.writeString(dir.resolve("checkpoint"),
                "model_checkpoint_path: \"/gpfs/old/run/model.ckpt-150000\"\n");
        assertEquals(dir.resolve("model.ckpt-150000"), CheckpointLocator.locate(dir));
    }

    @Test
    void stateFileNamingAMissingCheckpoint() throws IOException {
        touch("model.ckpt-5.index");
        Files.writeString(dir.resolve("checkpoint"), "# comment\nmodel_checkpoint_path: \"model.ckpt-9\"\n");
        InputFormatException e = assertThrows(InputFormatException.class, () -> CheckpointLocator.locate(dir));
        assertEquals(dir.resolve("checkpoint"), e.file());
        assertEquals("line 2", e.location());
    }

    @Test
    void prefixGivenDirectly() throws IOException {
        touch("model.ckpt-7.index");
        assertEquals(dir.resolve("model.ckpt-7"), CheckpointLocator.locate(dir.resolve("model.ckpt-7")));
    }

    @Test
    void oneOfTheCheckpointFilesGivenInsteadOfThePrefix() throws IOException {
        touch("model.ckpt-1000000.index", "model.ckpt-1000000.meta", "model.ckpt-1000000.data-00000-of-00001");
        Path prefix = dir.resolve("model.ckpt-1000000");
        assertEquals(prefix, CheckpointLocator.locate(dir.resolve("model.ckpt-1000000.data-00000-of-00001")));
        assertEquals(prefix, CheckpointLocator.locate(dir.resolve("model.ckpt-1000000.index")));
        assertEquals(prefix, CheckpointLocator.locate(dir.resolve("model.ckpt-1000000.meta")));
    }

    @Test
    void emptyFolderAndAmbiguousFolder() throws IOException {
        InputFormatException none = assertThrows(InputFormatException.class, () -> CheckpointLocator.locate(dir));
        assertEquals(dir, none.file());
        touch("a.ckpt.index", "b.ckpt.index");
        InputFormatException two = assertThrows(InputFormatException.class, () -> CheckpointLocator.locate(dir));
        assertTrue(two.getMessage().contains("a.ckpt") && two.getMessage().contains("b.ckpt"), two.getMessage());
    }

    @Test
    void dataShardNames() {
        Path prefix = dir.resolve("model.ckpt-150000");
        assertEquals(List.of(dir.resolve("model.ckpt-150000.data-00000-of-00002"),
                        dir.resolve("model.ckpt-150000.data-00001-of-00002")),
                CheckpointLocator.dataShards(prefix, 2));
    }

    @Test
    void opensTheFixtureFolder() throws IOException {
        Path folder = ReferenceTensors.resource("snappy");
        assertEquals(folder.resolve("model.ckpt-150000"), TfCheckpointReader.openFolder(folder).prefix());
    }
}
