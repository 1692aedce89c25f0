package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.runs.RunMetrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** A small experiment file, sweep files over it, and a stand-in runner that writes a run folder as the real one. */
final class SweepFixtures {

    static final ConfigLoader LOADER = new ConfigLoader(null);

    private SweepFixtures() {
    }

    static Path experiment(Path dir) throws IOException {
        Path f = dir.resolve("exp.yaml");
        Files.writeString(f, """
                name: exp
                task: mednli
                data:
                  corpus_dir: experiments/demo-data/mednli
                model:
                  init: tiny-demo
                  max_seq_length: 64
                train:
                  lr: 1.0e-3
                  batch_size: 16
                  epochs: 3
                eval:
                  split: test
                """);
        return f;
    }

    static Path sweepFile(Path dir, String body) throws IOException {
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, "experiment: " + dir.resolve("exp.yaml") + "\noutput_dir: " + dir.resolve("out") + "\n" + body);
        return f;
    }

    /** Records its calls; "trains" by writing metrics.json and a finished status.json into a run folder. */
    static final class FakeRunner implements CandidateRunner {
        final List<ExperimentConfig> calls = new ArrayList<>();
        final List<Boolean> resumes = new ArrayList<>();
        private final ToDoubleFunction<ExperimentConfig> accuracy;

        FakeRunner(ToDoubleFunction<ExperimentConfig> accuracy) {
            this.accuracy = accuracy;
        }

        @Override
        public ExperimentRunner.Result run(ExperimentConfig config, boolean resume) throws IOException {
            calls.add(config);
            resumes.add(resume);
            double acc = accuracy.applyAsDouble(config); // may throw: a failing candidate
            Path run = config.output().dir().resolve("20260101-000000");
            Files.createDirectories(run);
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("dev", Map.of("metrics", Map.of("accuracy", acc, "macro_f1", acc / 2)));
            metrics.put("test", Map.of("metrics", Map.of("accuracy", acc - 0.1, "macro_f1", acc / 3)));
            ObjectMapper json = new ObjectMapper();
            Files.write(run.resolve("metrics.json"), json.writeValueAsBytes(metrics));
            Files.write(run.resolve("status.json"), json.writeValueAsBytes(Map.of("state", "finished")));
            return new ExperimentRunner.Result(run, RunMetrics.read(run.resolve("metrics.json")));
        }
    }
}
