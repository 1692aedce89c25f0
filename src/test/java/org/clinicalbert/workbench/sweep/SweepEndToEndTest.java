package org.clinicalbert.workbench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two real fine-tuning candidates of the bundled tiny model on the demo data, then a rerun that reuses both. */
class SweepEndToEndTest {

    @Test
    void twoCandidatesFineTuneScoreAndResume(@TempDir Path dir) throws Exception {
        Path base = Path.of("").toAbsolutePath();
        ModelRegistry registry = ModelRegistry.load(ModelRegistry.DEFAULT_FILE, base.resolve("models"), base);
        ConfigLoader loader = ConfigLoader.withRegistry(registry);
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, """
                experiment: experiments/demo.yaml
                output_dir: %s
                set:
                  train.epochs: 1
                  model.max_seq_length: 24
                  eval.split: test
                parameters:
                  train.lr: [1.0e-3, 3.0e-3]
                score: dev.accuracy
                """.formatted(dir.resolve("out")));
        SweepConfig sweep = new SweepFileLoader(loader).load(file);
        ExperimentRunner experiments = new ExperimentRunner(registry);
        AtomicInteger runs = new AtomicInteger();
        CandidateRunner real = (config, resume) -> {
            runs.incrementAndGet();
            return experiments.run(config, new ExperimentRunner.Options(resume, base, null, true));
        };

        SweepOutcome o = new SweepRunner(loader, real, null).run(sweep, null);
        assertEquals(2, runs.get());
        assertEquals(2, o.finished(), () -> String.valueOf(o.records()));
        ObjectMapper json = new ObjectMapper();
        for (CandidateRecord r : o.records()) {
            Path run = Path.of(r.runDir());
            assertEquals(dir.resolve("out").resolve("candidate-" + r.number()), run.getParent());
            assertEquals("finished", json.readTree(run.resolve("status.json").toFile()).get("state").asText());
            JsonNode metrics = json.readTree(run.resolve("metrics.json").toFile());
            assertEquals(metrics.get("dev").get("metrics").get("accuracy").asDouble(), r.score(), 0.0);
            assertEquals(metrics.get("test").get("metrics").get("accuracy").asDouble(), r.test().get("accuracy"), 0.0);
            assertTrue(r.score() >= 0 && r.score() <= 1);
            // the candidate's overrides reached the run's resolved config
            String config = Files.readString(run.resolve("config.yaml"));
            assertTrue(config.contains("epochs: 1"), config);
            assertTrue(config.contains("max_seq_length: 24"), config);
        }
        assertTrue(Files.exists(dir.resolve("out").resolve("sweep.png")));

        SweepOutcome again = new SweepRunner(loader, real, null).run(sweep, null);
        assertEquals(2, runs.get(), "finished candidates are not run again");
        for (int i = 0; i < 2; i++) {
            assertTrue(again.records().get(i).reused());
            assertEquals(o.records().get(i).score(), again.records().get(i).score());
        }
        assertEquals(Map.of("train.lr", o.best().candidate().parameters().get("train.lr")),
                again.best().candidate().parameters());
    }
}
