package org.clinicalbert.workbench.runs;

import org.clinicalbert.workbench.io.InputFormatException;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A run, sweep or study folder as {@code workbench status} shows it: its status.json, and the state to show. A
 * folder that says {@code running} but whose owner is gone was interrupted (kill -9, a crash, a power cut): its
 * {@code run.lock} names a process that no longer runs, or, for a run (which writes {@code running} only while it
 * holds the lock), there is no lock at all.
 *
 * @param kind  run, sweep or study (from status.json; older files: sweep when the folder holds sweep.json)
 * @param shown the state to show: the file's, or {@code interrupted} as above
 */
public record FolderStatus(Path dir, RunStatus status, String kind, RunState shown) {

    /** The sweep's own summary, in every sweep folder (written by the sweep package, which imports this one). */
    public static final String SWEEP_FILE = "sweep.json";
    /** The study folder's copy of its study file (written by the study package). */
    public static final String STUDY_FILE = "study.yaml";
    /** A run's final model, {@code <run>/model/} (written by {@code ModelFolder.writeFineTuned} at the end). */
    private static final String MODEL_DIR = "model";

    public static final String RUN = "run";
    public static final String SWEEP = "sweep";
    public static final String STUDY = "study";
    public static Optional<FolderStatus> of(Path dir) {
        return RunStatus.read(dir).map(s -> {
            String kind = kind(dir, s);
            return new FolderStatus(dir, s, kind, shownState(dir, s, kind));
        });
    }

    /**
     * What {@code dir} is: run, sweep or study, from its status.json; a folder whose status.json has no kind (older
     * files) or cannot be read is a sweep when it holds sweep.json, a study when it holds its copy of the study file,
     * else a run. Empty for a folder holding neither status.json nor sweep.json (a candidate folder, a fold, a model).
     */
    public static Optional<String> kindOf(Path dir) {
        Optional<RunStatus> status = RunStatus.read(dir);
        if (status.isEmpty() && !Files.isRegularFile(dir.resolve(RunStatus.FILE))
                && !Files.isRegularFile(dir.resolve(SWEEP_FILE))) {
            return Optional.empty();
        }
        return Optional.of(kind(dir, status.orElse(null)));
    }

    private static String kind(Path dir, RunStatus s) {
        if (s != null && s.kind() != null) {
            return s.kind();
        }
        return Files.isRegularFile(dir.resolve(SWEEP_FILE)) ? SWEEP
                : Files.isRegularFile(dir.resolve(STUDY_FILE)) ? STUDY : RUN;
    }

    /**
     * A folder whose status.json is not a status (cut short, hand-edited, from another program): listed as such, so
     * a run does not vanish from the list without a word.
     */
    static FolderStatus unreadable(Path dir) {
        RunStatus s = new RunStatus(RunState.UNREADABLE, dir.resolve(RunStatus.FILE) + " is not a readable status "
                + "(not a JSON object)", null, null, null, null, null, null, null, null);
        return new FolderStatus(dir, s, "?", RunState.UNREADABLE);
    }

    static RunState shownState(Path dir, RunStatus s, String kind) {
        if (s.state() != RunState.RUNNING) {
            return s.state();
        }
        Optional<RunLock.Owner> owner = RunLock.owner(dir);
        if (owner.isPresent()) {
            return owner.get().alive() ? RunState.RUNNING : RunState.INTERRUPTED;
        }
        return "run".equals(kind) && !Files.exists(dir.resolve(RunLock.FILE)) ? RunState.INTERRUPTED
                : RunState.RUNNING;
    }

    /**
     * Refuses a run folder that did not finish, for the commands that read a run's results ({@code export},
     * {@code predict}): a run still running, interrupted or failed has no final model, and saying so with the command
     * that resumes it beats "labels.json not found". {@code given} is the folder the user named: a run folder, or
     * its {@code model/} folder (then the run above is checked). Folders without a status.json (a model folder, a
     * Hugging Face folder, a pretraining output, a fold of a cross-validated run) pass.
     */
    public static void requireFinished(Path given) {
        Path dir = given;
        if (!Files.isRegularFile(dir.resolve(RunStatus.FILE)) && given.getFileName() != null
                && MODEL_DIR.equals(given.getFileName().toString()) && given.getParent() != null) {
            dir = given.getParent();
        }
        Path file = dir.resolve(RunStatus.FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        FolderStatus f = of(dir).orElseThrow(() -> new InputFormatException(file, null,
                "unreadable: cannot tell whether the run finished (being rewritten, or damaged)"));
        RunStatus s = f.status();
        String what = switch (f.shown()) {
            case FINISHED -> null;
            case RUNNING -> "is still running" + (s.progress() == null ? "" : " (" + s.progress().done()
                    + "/" + s.progress().total() + " " + s.progress().unit() + ")")
                    + ": wait for it to finish (./workbench status shows where it is)";
            case INTERRUPTED -> "did not finish: it was interrupted" + (s.lastCheckpointStep() == null
                    ? " before its first checkpoint" : " after its checkpoint at step " + s.lastCheckpointStep());
            case FAILED -> "did not finish: it failed" + (s.message() == null || s.message().isEmpty()
                    ? "" : " (" + s.message() + ")");
            default -> "did not finish (state " + f.shown() + ")";
        };
        if (what == null) {
            return;
        }
        boolean resumable = f.shown() != RunState.RUNNING && s.resume() != null;
        throw new InputFormatException(file, null, "the " + f.kind() + " " + what
                + (resumable ? "; resume it with: " + s.resume() : ""));
    }

    /** Every folder below {@code root} (itself included) holding a status.json, as {@link #folders} finds them. */
    public static List<FolderStatus> scan(Path root) throws IOException {
        List<FolderStatus> out = new ArrayList<>();
        for (Path dir : folders(root)) {
            // a status.json that cannot be read is listed as unreadable; a sweep folder without one is left out
            of(dir).or(() -> Files.isRegularFile(dir.resolve(RunStatus.FILE)) ? Optional.of(unreadable(dir))
                    : Optional.empty()).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The run, sweep and study folders at or below {@code root} ({@link #kindOf} not empty), in path order, at any
     * depth (a study's runs lie seven levels below results/); a run's own sub-folders (its folds, model and
     * checkpoints) and hidden folders (Spark's staging, {@code .parts}) are not searched.
     */
    public static List<Path> folders(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && dir.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Optional<String> kind = kindOf(dir);
                kind.ifPresent(k -> out.add(dir));
                return kind.filter(RUN::equals).isPresent() ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }
        });
        out.sort(Comparator.comparing(Path::toString));
        return out;
    }
}
