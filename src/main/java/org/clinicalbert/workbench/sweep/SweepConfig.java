package org.clinicalbert.workbench.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A hyperparameter sweep: which experiment, which keys to vary and how, what to maximise, where results go.
 *
 * @param file        the sweep YAML (named in errors)
 * @param experiment  the experiment YAML every candidate starts from
 * @param fixed       {@code key=value} overrides applied to every candidate before its own
 * @param candidates  random search: how many candidates to draw; grid: null (the whole grid)
 * @param maxMinutes  no new candidate starts after this; null = no limit
 * @param parameters  swept key path to its range, in file order
 * @param outputDir   {@code results/sweeps/<name>} unless the file says otherwise
 */
public record SweepConfig(Path file, String name, Path experiment, List<String> fixed, Search search,
                          Integer candidates, Double maxMinutes, Map<String, ParameterRange> parameters,
                          MetricPath score, long seed, Path outputDir, boolean allowTestSelection) {

    public enum Search { GRID, RANDOM }

    /** The seed of a sweep whose file gives none (it draws random candidates; a grid's do not depend on it). */
    public static final long DEFAULT_SEED = 42L;

    /**
     * A grid over {@code parameters}: every combination, no time limit, selected on dev. The one way a grid is built
     * outside a sweep file (a study's grids, and their plan in a dry run).
     *
     * @param file the file that describes it (named in errors)
     */
    public static SweepConfig grid(Path file, String name, Path experiment, List<String> fixed,
                                   Map<String, ParameterRange> parameters, MetricPath score, Path outputDir) {
        return new SweepConfig(file, name, experiment, fixed, Search.GRID, null, null, parameters, score, DEFAULT_SEED,
                outputDir, false);
    }

    public SweepConfig {
        fixed = List.copyOf(fixed);
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }

    /** The same sweep with more fixed overrides (from the command line) after the file's own. */
    public SweepConfig withFixed(List<String> more) {
        List<String> all = new java.util.ArrayList<>(fixed);
        all.addAll(more);
        return new SweepConfig(file, name, experiment, all, search, candidates, maxMinutes, parameters, score, seed,
                outputDir, allowTestSelection);
    }

    /** {@code max_minutes} as a duration (at least a millisecond), or null when the sweep has no limit. */
    public java.time.Duration timeLimit() {
        return maxMinutes == null ? null : java.time.Duration.ofMillis(Math.max(1, Math.round(maxMinutes * 60_000)));
    }

    /** The same sweep writing to another folder ({@code --out}). */
    public SweepConfig withOutputDir(Path dir) {
        return new SweepConfig(file, name, experiment, fixed, search, candidates, maxMinutes, parameters, score, seed,
                dir, allowTestSelection);
    }
}
