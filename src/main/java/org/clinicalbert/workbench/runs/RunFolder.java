package org.clinicalbert.workbench.runs;


import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.FileTrees;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.io.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run's results folder, {@code results/<experiment>/<run-id>/}: everything a run writes goes here and
 * nowhere else, each file atomically. A {@code status.json} says whether the run finished, so
 * {@code --resume} can find the run to continue.
 */
public final class RunFolder {

    /** The resolved experiment config the run was made with. */
    public static final String CONFIG_FILE = "config.yaml";

    public static final String ENVIRONMENT = "environment.json";
    private static final ObjectMapper JSON = Json.PRETTY;

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    private static final String STAGING_PREFIX = ".new-run-";
    /** A staging folder this old whose lock is free was left by a process killed while creating its run. */
    private static final java.time.Duration ABANDONED = java.time.Duration.ofMinutes(1);

    /**
     * A new run folder under the experiment's results folder ({@code output.dir}), already locked by this process
     * when it appears: it is made under a hidden name, locked, then renamed to its id. A process killed on the way
     * leaves at most a hidden staging folder that nothing attaches to (removed by a later create), never a run
     * folder without an owner's lock. The returned lock's {@link RunLock#dir()} is the run folder.
     */
    public static RunLock createLocked(Path experimentDir) throws IOException {
        Files.createDirectories(experimentDir);
        removeAbandonedStaging(experimentDir);
        Path staging = Files.createTempDirectory(experimentDir, STAGING_PREFIX);
        RunLock lock;
        try {
            lock = RunLock.acquire(staging, m -> { });
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteTree(staging);
            throw e;
        }
        try {
            String id = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            for (int i = 1; ; i++) {
                Path dir = experimentDir.resolve(i == 1 ? id : id + "-" + i);
                if (Files.exists(dir)) {
                    continue;
                }
                try {
                    // rename(2) refuses a non-empty target: two processes in one second get different ids
                    Files.move(staging, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    return lock.movedTo(dir);
                } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                    // taken in between: next suffix
                }
            }
        } catch (IOException | RuntimeException e) {
            lock.close();
            FileTrees.deleteTree(staging);
            throw e;
        }
    }

    /** Staging folders of processes killed while creating a run: older than a minute and unlocked. */
    private static void removeAbandonedStaging(Path experimentDir) throws IOException {
        List<Path> staged;
        try (Stream<Path> s = Files.list(experimentDir)) {
            staged = s.filter(p -> p.getFileName().toString().startsWith(STAGING_PREFIX) && Files.isDirectory(p))
                    .toList();
        }
        java.time.Instant cutoff = java.time.Instant.now().minus(ABANDONED);
        for (Path p : staged) {
            try {
                if (Files.getLastModifiedTime(p).toInstant().isAfter(cutoff)) {
                    continue;
                }
                RunLock.acquire(p, m -> { }).close();
                FileTrees.deleteTree(p);
            } catch (RunLock.FolderInUseException | IOException inUseOrGone) {
                // a live process's, or already removed by another: leave it
            }
        }
    }

    public static RunFolder open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException("run folder not found: " + dir);
        }
        return new RunFolder(dir);
    }

    /** The newest run of an experiment that has not finished, if any. */
    public static Optional<RunFolder> latestUnfinished(Path experimentDir) throws IOException {
        Path base = experimentDir;
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(base)) {
            return runs.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().startsWith("."))
                    .filter(d -> RunStatus.stateOf(d) != RunState.FINISHED)
                    .max(Comparator.comparing((Path d) -> d.getFileName().toString(), RunFolder::compareIds))
                    .map(RunFolder::new);
        }
    }

    /** The newest finished run of an experiment, if any: what {@code --resume} names when nothing is left to do. */
    static Optional<Path> latestFinished(Path experimentDir) throws IOException {
        if (!Files.isDirectory(experimentDir)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(experimentDir)) {
            return runs.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().startsWith("."))
                    .filter(d -> RunStatus.stateOf(d) == RunState.FINISHED)
                    .max(Comparator.comparing((Path d) -> d.getFileName().toString(), RunFolder::compareIds));
        }
    }

    /**
     * Creation order of run ids: the timestamp, then the numeric suffix {@link #createLocked} adds for runs started in
     * the same second (plain text order would put "-10" before "-2").
     */
    static int compareIds(String a, String b) {
        int c = base(a).compareTo(base(b));
        return c != 0 ? c : Integer.compare(suffix(a), suffix(b));
    }

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("(.*?)-(\\d{1,9})");
    private static final int TIMESTAMP_LENGTH = "yyyyMMdd-HHmmss".length();

    private static String base(String id) {
        return id.length() > TIMESTAMP_LENGTH && ID.matcher(id).matches() ? id.substring(0, id.lastIndexOf('-')) : id;
    }

    private static int suffix(String id) {
        var m = ID.matcher(id);
        return id.length() > TIMESTAMP_LENGTH && m.matches() ? Integer.parseInt(m.group(2)) : 1;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public void writeJson(String name, Object value) throws IOException {
        AtomicFiles.writeBytes(file(name), JSON.writeValueAsBytes(value));
    }

    public void writeText(String name, String text) throws IOException {
        AtomicFiles.writeString(file(name), text);
    }

    /** The folder an attempt of a run writes into, held under its lock, and whether it continues an earlier one. */
    public record Claim(RunFolder folder, RunLock lock, boolean resuming) {
    }

    /**
     * The run folder for an attempt of {@code experiment}'s run under {@code experimentDir} ({@code output.dir}): a new
     * one, created locked, or with {@code resume} the newest unfinished one, locked (an error naming the folder when
     * another live process holds it). With {@code resume} and no unfinished run: a new one when
     * {@code startIfNothingToResume}, else an error (the user expected to continue something).
     */
    public static Claim claim(Path experimentDir, String experiment, boolean resume, boolean startIfNothingToResume,
                              java.util.function.Consumer<String> warn) throws IOException {
        if (org.clinicalbert.workbench.io.ResultsLocation.isUri(experimentDir.toString())) {
            // without this, hdfs://nn/x would become a local folder named "hdfs:" holding nn/x
            throw new UserInputException("output.dir " + experimentDir + " is a Hadoop file system URI: only "
                    + "run --spark (--set output.dir=URI) and sweep --spark (--out URI) write there; give a local or "
                    + "mounted path");
        }
        RunFolder run = resume ? latestUnfinished(experimentDir).orElse(null) : null;
        if (resume && run == null && !startIfNothingToResume) {
            Optional<Path> finished = latestFinished(experimentDir);
            throw new org.clinicalbert.workbench.io.InputFormatException(experimentDir, null,
                    "nothing to resume: " + (finished.isPresent() ? "every run of " + experiment + " here has "
                            + "finished (the newest: " + finished.get().getFileName() + ")"
                            : "no unfinished run of " + experiment + " here") + " (--resume-or-start starts "
                            + "a new run when there is none)");
        }
        if (run == null) {
            RunLock created = createLocked(experimentDir);
            return new Claim(open(created.dir()), created, false);
        }
        return new Claim(run, RunLock.acquire(run.dir(), warn), true);
    }

    /**
     * A run continues only under the config it started with: its checkpoint, schedule (total steps), batches and
     * folds all follow from that config, so a changed value would silently mix two experiments. {@code canonical}
     * maps a config.yaml text to the form in which two texts that mean the same config are equal (paths resolved).
     */
    public void requireConfig(String configYaml, java.util.function.UnaryOperator<String> canonical)
            throws IOException {
        Path saved = file(CONFIG_FILE);
        if (Files.exists(saved) && !canonical.apply(Files.readString(saved)).equals(canonical.apply(configYaml))) {
            throw new UserInputException("cannot resume " + dir + ": the config differs from the run's "
                    + saved + " (start a new run without resume, or restore the config)");
        }
    }

    /**
     * Writes environment.json. A resumed run keeps its first start's environment and records each resume's beside
     * it under {@code resumed}, so the file says every machine and library the run's steps ran on.
     *
     * @return what was written
     */
    public Map<String, Object> writeEnvironment(Map<String, Object> env, boolean resuming) throws IOException {
        Path file = file(ENVIRONMENT);
        Map<String, Object> out = env;
        if (resuming && Files.exists(file)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> first = JSON.readValue(file.toFile(), Map.class);
            @SuppressWarnings("unchecked")
            List<Object> resumes = (List<Object>) first.computeIfAbsent("resumed", k -> new java.util.ArrayList<>());
            resumes.add(env);
            out = first;
        }
        writeJson(ENVIRONMENT, out);
        return out;
    }

    /**
     * Sets the state (and message) of this folder's status.json, keeping its other fields; a folder without one gets
     * a new run status. For code that does not keep a {@link StatusFile} (which a running run does).
     */
    public void status(RunState state, String message) throws IOException {
        RunStatus.read(dir).orElseGet(() -> RunStatus.started("run", null)).withState(state, message).write(dir);
    }
}
