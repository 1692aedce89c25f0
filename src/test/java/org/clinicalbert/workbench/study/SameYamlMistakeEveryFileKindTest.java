package org.clinicalbert.workbench.study;

import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.sweep.SweepFileLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Experiment, sweep and study files are read by one YAML layer (experiment.config YamlFile and YamlNode): the same
 * mistake is reported with the same words at the same line whichever kind of file holds it. Each case writes the
 * mistake at a line of its own choosing into a valid file of each kind and expects the line it wrote it on.
 */
class SameYamlMistakeEveryFileKindTest {

    private static final Path BASE = Path.of("").toAbsolutePath();
    private static final ModelRegistry REGISTRY = ModelRegistry.load(ModelRegistry.DEFAULT_FILE, BASE.resolve("models"), BASE);
    private static final ConfigLoader EXPERIMENTS = ConfigLoader.withRegistry(REGISTRY);

    /** A valid file of one kind (its first two lines are top-level keys, its third opens a section) and its loader. */
    private record Kind(String name, String text, Function<Path, String> loader, List<String> topKeys) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("experiment", """
                    name: x
                    task: mednli
                    data:
                      corpus_dir: experiments/demo-data/mednli
                    model:
                      init: tiny-demo
                    """, f -> EXPERIMENTS.load(f).name(),
                    List.of("name", "task", "data", "model", "train", "eval", "output")),
            new Kind("sweep", """
                    name: x
                    experiment: experiments/demo.yaml
                    parameters:
                      train.lr: [1.0e-3, 3.0e-3]
                    score: dev.accuracy
                    """, f -> new SweepFileLoader(EXPERIMENTS).load(f).name(),
                    List.of("name", "experiment", "search", "candidates", "max_minutes", "parameters", "score", "seed",
                            "set", "output_dir", "allow_test_selection")),
            new Kind("study", """
                    name: x
                    seeds: [1]
                    tasks:
                      mednli:
                        experiment: experiments/demo.yaml
                        score: dev.accuracy
                        grid:
                          train.lr: [1.0e-3, 3.0e-3]
                    initialisations: [tiny-demo]
                    """, f -> new StudyFileLoader(EXPERIMENTS, REGISTRY, BASE).load(f, null).name(),
                    List.of("name", "initialisations", "tasks", "seeds", "bootstrap", "output_dir")));

    @TempDir
    Path dir;

    private Path write(Kind kind, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(kind.name() + ".yaml"), bytes);
    }

    private Path write(Kind kind, String text) throws IOException {
        return write(kind, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(Kind kind, Path file) {
        Executable load = () -> kind.loader().apply(file);
        return assertThrows(InputFormatException.class, load, kind.name()).getMessage();
    }

    @Test
    void theValidFilesLoad() throws IOException {
        for (Kind kind : KINDS) {
            assertEquals("x", kind.loader().apply(write(kind, kind.text())), kind.name()); // each fixture names itself x
        }
    }

    @Test
    void aTabIndentingTheFourthLine() throws IOException {
        for (Kind kind : KINDS) {
            String[] lines = kind.text().split("\n", -1);
            lines[3] = "\t" + lines[3].stripLeading();
            Path f = write(kind, String.join("\n", lines));
            assertEquals(f + " (line 4, column 1): a tab character, which YAML does not allow for indentation: "
                    + "indent with spaces", error(kind, f), kind.name());
        }
    }

    @Test
    void aByteOrderMark() throws IOException {
        for (Kind kind : KINDS) {
            byte[] text = kind.text().getBytes(StandardCharsets.UTF_8);
            byte[] withBom = new byte[text.length + 3];
            withBom[0] = (byte) 0xEF;
            withBom[1] = (byte) 0xBB;
            withBom[2] = (byte) 0xBF;
            System.arraycopy(text, 0, withBom, 3, text.length);
            Path f = write(kind, withBom);
            assertEquals(f + " (line 1, byte 0): starts with a UTF-8 byte order mark (BOM, bytes 0xEF 0xBB 0xBF); "
                    + "save the file as UTF-8 without a BOM", error(kind, f), kind.name());
        }
    }

    @Test
    void aDuplicateKeyOnTheLastLine() throws IOException {
        for (Kind kind : KINDS) {
            String text = kind.text() + "name: y\n";
            int line = (int) text.lines().count();
            Path f = write(kind, text);
            assertEquals(f + " (line " + line + "): not valid YAML: Duplicate field 'name'", error(kind, f), kind.name());
        }
    }

    @Test
    void aMisspeltTopLevelKeyGetsASuggestionAndTheKnownKeys() throws IOException {
        for (Kind kind : KINDS) {
            String text = kind.text() + "nmae: y\n";
            int line = (int) text.lines().count();
            Path f = write(kind, text);
            // an experiment's message leaves the key's name to the location (it predates the sweep and study ones)
            String named = kind.name().equals("experiment") ? "" : " 'nmae'";
            assertEquals(f + " (line " + line + ", key nmae): unknown key" + named + "; did you mean 'name'? Known "
                    + "keys: " + String.join(", ", kind.topKeys()), error(kind, f), kind.name());
        }
    }

    @Test
    void aKeyNothingResemblesListsTheKnownKeysOnly() throws IOException {
        for (Kind kind : KINDS) {
            String text = kind.text() + "zzzzzz: 1\n";
            Path f = write(kind, text);
            String named = kind.name().equals("experiment") ? "" : " 'zzzzzz'";
            assertEquals(f + " (line " + text.lines().count() + ", key zzzzzz): unknown key" + named + ". Known keys: "
                    + String.join(", ", kind.topKeys()), error(kind, f), kind.name());
        }
    }

    @Test
    void aMisspeltKeyInsideASectionNamesTheSection() throws IOException {
        Path f = write(KINDS.get(2), KINDS.get(2).text().replace("    score:", "    scroe:"));
        assertEquals(f + " (line 6, key tasks.mednli.scroe): unknown key 'scroe'; did you mean 'score'? Known keys of "
                + "tasks.mednli: experiment, score, grid, set", error(KINDS.get(2), f));
        f = write(KINDS.get(0), KINDS.get(0).text() + "train:\n  lrr: 1.0e-3\n");
        assertEquals(f + " (line 8, key train.lrr): unknown key; did you mean 'lr'? Known keys of train: lr, "
                + "batch_size, grad_accum_steps, epochs, warmup_proportion, dropout, weight_decay, max_grad_norm, seed, "
                + "eval_every_steps, early_stopping_patience, tensorboard", error(KINDS.get(0), f));
    }

    /** A study's grid is read by the sweep's own rules, its errors at the study file's own key and line. */
    @Test
    void aGridValueTheExperimentRefusesIsNamedAtItsKeyInSweepAndStudy() throws IOException {
        String refusal = "rejected by the experiment: experiments/demo.yaml (key train.batch_size, set by --set): "
                + "value 0 out of range: must be >= 1";
        Kind sweep = KINDS.get(1);
        Path f = write(sweep, sweep.text().replace("score:", "  train.batch_size: [8, 0]\nscore:"));
        assertEquals(f + " (line 5, key parameters.train.batch_size): " + refusal, error(sweep, f));
        Kind study = KINDS.get(2);
        f = write(study, study.text().replace("initialisations:", "      train.batch_size: [8, 0]\ninitialisations:"));
        assertEquals(f + " (line 9, key tasks.mednli.grid.train.batch_size): " + refusal, error(study, f));
    }

    @Test
    void aMissingFile() {
        for (Kind kind : KINDS) {
            Path f = dir.resolve("none-" + kind.name() + ".yaml");
            assertEquals(f + ": no such file", error(kind, f), kind.name());
        }
    }
}
