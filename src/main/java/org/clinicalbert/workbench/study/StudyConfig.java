package org.clinicalbert.workbench.study;

import org.clinicalbert.workbench.runs.ResumeCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A study file, loaded and checked.
 *
 * @param text             the file's text, kept in the study folder so that a resume can refuse a changed file
 * @param seeds            training seeds of the final runs (a cross-validated task uses the first: its folds are
 *                         the repeats)
 * @param bootstrapSamples resamples of every bootstrap interval
 */
public record StudyConfig(Path file, String text, String name, List<Initialisation> initialisations,
                          List<StudyTask> tasks, List<Long> seeds, int bootstrapSamples, long bootstrapSeed,
                          Path outputDir) {

    public StudyConfig {
        initialisations = List.copyOf(initialisations);
        tasks = List.copyOf(tasks);
        seeds = List.copyOf(seeds);
    }

    /** Every (task, initialisation), task-major: the order of every phase. */
    public List<StudyCell> cells() {
        List<StudyCell> out = new ArrayList<>();
        for (StudyTask t : tasks) {
            for (Initialisation i : initialisations) {
                out.add(new StudyCell(t, i));
            }
        }
        return out;
    }

    /** The seeds a task's final runs use. */
    public List<Long> seedsFor(StudyTask task) {
        return task.crossValidated() ? List.of(seeds.get(0)) : seeds;
    }

    /** The command that continues this study, repeating the options it was started with. */
    public String resumeCommand(ResumeCommand.Options options) {
        return ResumeCommand.study(file, outputDir, options);
    }
}
