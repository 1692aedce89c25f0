package org.clinicalbert.workbench.study;

import org.clinicalbert.workbench.io.WorkFailedException;
import org.clinicalbert.workbench.runs.FolderStatus;
import org.clinicalbert.workbench.runs.ResumeCommand;
import org.clinicalbert.workbench.runs.RunState;
import org.clinicalbert.workbench.runs.RunStatus;
import org.clinicalbert.workbench.runs.RunLock;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.StrictUtf8;
import org.clinicalbert.workbench.sweep.CandidateGenerators;
import org.clinicalbert.workbench.sweep.SweepConfig;
import org.clinicalbert.workbench.sweep.SweepOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a study's four phases into its folder. Each phase's work lies in files (the grids' sweep folders,
 * selection.json, the final runs' folders, the reports), and each job reuses what it finished before, so a killed
 * study continues with {@code resume} and ends with the table an uninterrupted one would have.
 * <p>
 * Test data is opened in phase 3 only: the grid runs score dev with the test set unopened (eval.split dev), and the
 * selection reads dev scores only.
 */
public final class StudyRunner {

    private static final Logger log = LoggerFactory.getLogger(StudyRunner.class);
    /** The study file as it was when the study started: a resume under a changed file is refused. */
    static final String STUDY_COPY = FolderStatus.STUDY_FILE;

    /** Told as each phase starts (for progress lines, and for tests that watch what a phase may touch). */
    public interface Listener extends StudyExecutor.Listener {
        default void phaseStarted(StudyPhase phase) {
        }
    }

    private final StudyExecutor executor;
    private final Listener listener;

    public StudyRunner(StudyExecutor executor, Listener listener) {
        this.executor = executor;
        this.listener = listener == null ? new Listener() { } : listener;
    }

    /** What a study produced. */
    public record Outcome(List<Selection> selections, List<FinalRun> finalRuns, StudyComparison.Result comparison) {
    }

    /**
     * @param resume continue the study in the folder (else the folder must not hold a study yet)
     * @param paper  put the paper's published values beside the table
     */
    public Outcome run(StudyConfig study, boolean resume, boolean paper) throws IOException {
        return run(study, resume, paper, ResumeCommand.Options.NONE);
    }

    /** @param given the options of the command that started the study, repeated by the command that resumes it */
    public Outcome run(StudyConfig study, boolean resume, boolean paper, ResumeCommand.Options given)
            throws IOException {
        Path dir = study.outputDir();
        claim(study, resume);
        StudyStatus status = new StudyStatus(dir, study.resumeCommand(given));
        try (RunLock lock = RunLock.acquire(dir, log::warn)) {
            StudyPhase phase = StudyPhase.GRID;
            try {
                listener.phaseStarted(phase);
                List<GridJob> gridJobs = gridJobs(study);
                int candidates = gridJobs.stream().mapToInt(j -> CandidateGenerators.planned(j.sweep())).sum();
                status.write(RunState.RUNNING, "grid: scoring every configuration on dev", phase, 0, candidates);
                int[] done = {0};
                List<SweepOutcome> grids = executor.grids(gridJobs, new Forward(listener) {
                    @Override
                    public void gridEnded(GridJob job, SweepOutcome outcome) {
                        done[0] += outcome.records().size();
                        write(status, RunState.RUNNING, "grid: " + job.cell() + " done", StudyPhase.GRID, done[0],
                                candidates);
                        super.gridEnded(job, outcome);
                    }
                });
                requireComplete(gridJobs, grids);

                phase = StudyPhase.SELECT;
                listener.phaseStarted(phase);
                status.write(RunState.RUNNING, "select: best configuration per task and initialisation", phase, 0,
                        gridJobs.size());
                List<Selection> selections = new ArrayList<>();
                for (int i = 0; i < gridJobs.size(); i++) {
                    selections.add(Selection.of(gridJobs.get(i).cell(), grids.get(i)));
                }
                SelectionReport.write(dir, study, selections);

                phase = StudyPhase.FINAL;
                listener.phaseStarted(phase);
                List<FinalJob> finalJobs = finalJobs(study, selections);
                status.write(RunState.RUNNING, "final: selected configurations scored on test", phase, 0,
                        finalJobs.size());
                int[] finished = {0};
                List<FinalRun> runs = executor.finalRuns(finalJobs, new Forward(listener) {
                    @Override
                    public void finalRunEnded(FinalJob job, FinalRun run) {
                        finished[0]++;
                        write(status, RunState.RUNNING, "final: " + job.cell() + " seed " + job.seed() + " done",
                                StudyPhase.FINAL, finished[0], finalJobs.size());
                        super.finalRunEnded(job, run);
                    }
                });

                phase = StudyPhase.COMPARE;
                listener.phaseStarted(phase);
                status.write(RunState.RUNNING, "compare: the table", phase, 0, runs.size());
                StudyComparison.Result table = new StudyComparison(study, paper).write(selections, runs);
                status.write(RunState.FINISHED, "study.md holds the table", phase, runs.size(), runs.size());
                return new Outcome(selections, runs, table);
            } catch (IOException | RuntimeException | Error e) {
                status.failed(phase.id() + ": " + e.getMessage(), phase);
                throw e;
            }
        }
    }

    /** The grid jobs: one sweep per (task, initialisation), in the study's folder, dev only. */
    static List<GridJob> gridJobs(StudyConfig study) {
        List<GridJob> out = new ArrayList<>();
        for (StudyCell cell : study.cells()) {
            List<String> fixed = new ArrayList<>(cell.task().fixed());
            fixed.addAll(cell.init().overrides());
            fixed.add("eval.split=dev");
            SweepConfig sweep = SweepConfig.grid(study.file(), study.name() + "-" + cell.task().id() + "-"
                    + cell.init().folderName(), cell.task().experiment(), fixed, cell.task().grid(),
                    cell.task().score(),
                    study.outputDir().resolve("grid").resolve(cell.task().id()).resolve(cell.init().folderName()));
            out.add(new GridJob(cell, sweep));
        }
        return out;
    }

    /** The final jobs: per selection, the best candidate's overrides with each seed, scored on test. */
    static List<FinalJob> finalJobs(StudyConfig study, List<Selection> selections) {
        List<FinalJob> out = new ArrayList<>();
        for (Selection s : selections) {
            StudyCell cell = s.cell();
            for (long seed : study.seedsFor(cell.task())) {
                List<String> sets = new ArrayList<>(cell.task().fixed());
                sets.addAll(cell.init().overrides());
                sets.addAll(s.best().candidate().overrides());
                sets.add("train.seed=" + seed);
                sets.add("eval.split=test");
                out.add(new FinalJob(cell, seed, sets, study.outputDir().resolve("final").resolve(cell.task().id())
                        .resolve(cell.init().folderName()).resolve("seed-" + seed)));
            }
        }
        return out;
    }

    /** A selection among part of a grid is not the grid the study file describes: every candidate must finish. */
    private static void requireComplete(List<GridJob> jobs, List<SweepOutcome> grids) {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            SweepOutcome o = grids.get(i);
            if (o.failed() > 0 || o.finished() < o.planned()) {
                failed.add(jobs.get(i).cell() + " (" + o.failed() + " of " + o.planned() + " failed; see "
                        + o.sweep().outputDir().resolve("sweep.md") + ")");
            }
        }
        if (!failed.isEmpty()) {
            throw new WorkFailedException("grid incomplete, nothing selected: " + String.join("; ", failed)
                    + "; fix the cause and continue with --resume (failed candidates run again)");
        }
    }

    /** The folder holds this study or nothing; a resume needs a study there, made from the same file. */
    private static void claim(StudyConfig study, boolean resume) throws IOException {
        Path dir = study.outputDir();
        Path copy = dir.resolve(STUDY_COPY);
        boolean exists = Files.exists(copy);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InputFormatException(dir, null, "exists as a file; the study needs a folder here");
        }
        if (!resume && exists) {
            throw new InputFormatException(dir, null, "a study was already started here; continue it with --resume, "
                    + "or give another --out");
        }
        if (resume && !exists) {
            throw new InputFormatException(dir, null, "nothing to resume: no study was started here");
        }
        if (exists && !StrictUtf8.readString(copy).equals(study.text())) {
            throw new InputFormatException(study.file(), null, "differs from the file this study started with ("
                    + copy + "): a resumed study must keep its grids and seeds; restore the file or give another --out");
        }
        if (resume && RunStatus.stateOf(dir) == RunState.FINISHED) { // resume: the study copy exists (above)
            // --resume means the same in every command: a finished study has nothing left to continue
            throw new InputFormatException(dir.resolve(RunStatus.FILE), null, "nothing to resume: the study here has "
                    + "finished (study.md holds its table); compare or report it (workbench compare " + dir
                    + ", workbench report), or start a new one with another --out");
        }
        Files.createDirectories(dir);
        if (!exists) {
            AtomicFiles.writeString(copy, study.text());
        }
    }

    private static void write(StudyStatus status, RunState state, String message, StudyPhase phase, int done,
                              int total) {
        try {
            status.write(state, message, phase, done, total);
        } catch (IOException e) {
            // the status file is for watching; the results themselves are in their own files
            log.warn("could not update {}", org.clinicalbert.workbench.runs.RunStatus.FILE, e);
        }
    }

    /** Passes job ends on to the study's listener. */
    private static class Forward implements StudyExecutor.Listener {
        private final StudyExecutor.Listener next;

        Forward(StudyExecutor.Listener next) {
            this.next = next;
        }

        @Override
        public void gridEnded(GridJob job, SweepOutcome outcome) {
            next.gridEnded(job, outcome);
        }

        @Override
        public void finalRunEnded(FinalJob job, FinalRun run) {
            next.finalRunEnded(job, run);
        }
    }
}
