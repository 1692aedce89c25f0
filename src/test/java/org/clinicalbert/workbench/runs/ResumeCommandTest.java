package org.clinicalbert.workbench.runs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The resume command: its shape per kind of work, and words a shell reads back unchanged. */
class ResumeCommandTest {

    @Test
    void plainRunResumesFromItsConfigWithoutQuotes() {
        assertEquals("./workbench run results/demo/20261207-100000/config.yaml --resume",
                ResumeCommand.run(Path.of("results/demo/20261207-100000/config.yaml"), ResumeCommand.Options.NONE));
    }

    @Test
    void pathWithASpaceAndAQuoteIsQuotedAndTheGivenOptionsAreRepeated() throws Exception {
        Path experiment = Path.of("my runs/it's.yaml");
        var options = new ResumeCommand.Options(List.of("train.lr=3e-5", "name=a b"), Path.of("/data/bert models"),
                Path.of("conf/registry.yaml"), "local[2]");
        String command = ResumeCommand.run(experiment, options);
        // by hand: a quote inside single quotes is closed, escaped, reopened ('\'')
        assertEquals("./workbench run 'my runs/it'\\''s.yaml' --set train.lr=3e-5 --set 'name=a b' "
                + "--models-dir '/data/bert models' --registry conf/registry.yaml --spark 'local[2]' --resume",
                command);
        assertEquals(List.of("./workbench", "run", "my runs/it's.yaml", "--set", "train.lr=3e-5", "--set", "name=a b",
                "--models-dir", "/data/bert models", "--registry", "conf/registry.yaml", "--spark", "local[2]",
                "--resume"), shellWords(command));
    }

    @Test
    void sweepAndStudyNameTheirFolder() throws Exception {
        var models = new ResumeCommand.Options(List.of(), Path.of("models dir"), null, "local[2]");
        String sweep = ResumeCommand.sweep(Path.of("sweeps/grid.yaml"), "hdfs://nn/sweeps/grid", models, true);
        assertEquals("./workbench sweep sweeps/grid.yaml --out hdfs://nn/sweeps/grid --models-dir 'models dir' "
                + "--spark 'local[2]' --split-folds", sweep);
        String study = ResumeCommand.study(Path.of("study.yaml"), Path.of("results/studies/it's"),
                ResumeCommand.Options.NONE);
        assertEquals("./workbench study study.yaml --out 'results/studies/it'\\''s' --resume", study);
        assertEquals(List.of("./workbench", "study", "study.yaml", "--out", "results/studies/it's", "--resume"),
                shellWords(study));
    }

    /** The words a POSIX shell makes of {@code command} (one per line from printf; none of them holds a newline). */
    private static List<String> shellWords(String command) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "a POSIX shell reads the command back");
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf '%s\\n' " + command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }
}
