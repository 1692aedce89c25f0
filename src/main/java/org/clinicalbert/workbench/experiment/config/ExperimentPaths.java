package org.clinicalbert.workbench.experiment.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file system paths an experiment config names, each with its key, and the one rule for a relative one: a run
 * reads it against the working directory of the process that runs it ({@link DataConfig}). A process elsewhere (a
 * Spark executor, whose working directory is its own) is therefore given the paths as the process that read the
 * experiment would read them: resolved against that process's working directory, as {@code --set} overrides, so
 * that the run's {@code config.yaml} records the paths it read.
 */
public final class ExperimentPaths {

    /**
     * @param key   the config key, as {@code --set} names it
     * @param input read by the run, so it must exist before the run starts; false: written by it ({@code output.dir})
     */
    public record Entry(String key, Path path, boolean input) {
    }

    /** Every key that holds a path, in schema order. */
    public static final List<String> KEYS = List.of("data.train", "data.dev", "data.test", "data.corpus_dir",
            "model.path", "output.dir");

    private ExperimentPaths() {
    }

    /** Every path the config sets, in schema order (keys left unset are left out). */
    public static List<Entry> of(ExperimentConfig c) {
        List<Entry> out = new ArrayList<>();
        DataConfig d = c.data();
        add(out, "data.train", d.train(), true);
        add(out, "data.dev", d.dev(), true);
        add(out, "data.test", d.test(), true);
        add(out, "data.corpus_dir", d.corpusDir(), true);
        add(out, "model.path", c.model().path(), true);
        add(out, "output.dir", c.output().dir(), false);
        return out;
    }

    /** {@code p} as a process in {@code workingDir} reads it: absolute and normalised. */
    public static Path resolve(Path workingDir, Path p) {
        return workingDir.toAbsolutePath().resolve(p).normalize();
    }

    /**
     * {@code --set key=ABSOLUTE} for every relative path of {@code c}, resolved against {@code workingDir}; none for a
     * path that is absolute already (it stays as written). Applied after the overrides {@code c} was loaded with, they
     * give the same config with absolute paths.
     */
    public static List<String> absoluteOverrides(ExperimentConfig c, Path workingDir) {
        List<String> sets = new ArrayList<>();
        for (Entry e : of(c)) {
            if (!e.path().isAbsolute()) {
                sets.add(e.key() + "=" + resolve(workingDir, e.path()));
            }
        }
        return sets;
    }

    private static void add(List<Entry> out, String key, Path p, boolean input) {
        if (p != null) {
            out.add(new Entry(key, p, input));
        }
    }
}
