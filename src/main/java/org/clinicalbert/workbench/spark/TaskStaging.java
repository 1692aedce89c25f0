package org.clinicalbert.workbench.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.clinicalbert.workbench.runs.RunFolder;
import org.clinicalbert.workbench.runs.RunLock;
import org.clinicalbert.workbench.runs.RunStatus;
import org.clinicalbert.workbench.io.FileTrees;
import org.clinicalbert.workbench.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The executor side of a task whose results live on a {@link ResultsStore}: the experiment runs in a local folder
 * (under Spark's local directory) that stands for the store's root, after the unfinished run it continues (its
 * checkpoints, its finished folds' metrics) was downloaded into it; every file it writes is uploaded at each
 * checkpoint ({@link #mirror}) and at the end ({@link #sync}), so a task killed on one machine is resumed from its
 * last checkpoint by the next attempt or a re-submit on another. Only changed files are uploaded, each
 * {@code status.json} last, so a run folder on the store reads "finished" only once its other files are there.
 * In text files the staging folder's path and the store's root are swapped on the way ({@link ResultsStore#isText}).
 */
final class TaskStaging implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskStaging.class);

    private final StoreBinding binding;
    private final Path root;
    /** What is on the store already (downloaded or uploaded by this task), by local file: size and time. */
    private final Map<Path, List<Long>> onStore = new HashMap<>();

    private TaskStaging(StoreBinding binding, Path root) {
        this.binding = binding;
        this.root = root;
    }

    static TaskStaging open(StoreBinding binding) throws IOException {
        // Spark's per-application scratch folder on this node (spark.local.dir, YARN's container folders)
        Path base = SparkEnv.get() != null ? Path.of(SparkFiles.getRootDirectory())
                : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(base);
        return new TaskStaging(binding, Files.createTempDirectory(base, "workbench-task-"));
    }

    /** Where a driver path lies in this task's staging folder. */
    Path local(String driverPath) {
        String rel = binding.rel(driverPath);
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    /**
     * The run of an experiment folder (a candidate's, or {@code output.dir} of {@code run}) that a resume continues:
     * the newest unfinished one, chosen by {@link RunFolder#latestUnfinished} among the run folders' status files.
     * Finished and older runs stay on the store.
     */
    void downloadLatestUnfinishedRun(String driverDir) throws IOException {
        String rel = binding.rel(driverDir);
        Path dir = local(driverDir);
        Files.createDirectories(dir);
        for (String run : binding.store().folders(rel)) {
            Files.createDirectories(dir.resolve(run));
            Optional<String> status = binding.store().readString(join(join(rel, run), RunStatus.FILE));
            if (status.isPresent()) {
                Files.writeString(dir.resolve(run).resolve(RunStatus.FILE), status.get(), StandardCharsets.UTF_8);
            }
        }
        Optional<RunFolder> latest = RunFolder.latestUnfinished(dir);
        // only that run's folder stays here: an empty or stale other one must not look like a run to the runner
        try (Stream<Path> runs = Files.list(dir)) {
            for (Path p : runs.toList()) {
                if (latest.isEmpty() || !p.equals(latest.get().dir())) {
                    FileTrees.deleteTree(p);
                }
            }
        }
        if (latest.isPresent()) {
            downloadRun(join(rel, latest.get().dir().getFileName().toString()));
        }
    }

    /** One fold's folder of a cross-validated run (empty locally when the store has none yet). */
    void downloadFold(String driverRunDir, int fold) throws IOException {
        String rel = join(binding.rel(driverRunDir), "fold-" + (fold + 1));
        Files.createDirectories(root.resolve(rel));
        downloadRun(rel);
    }

    /**
     * A run or fold folder without what a resume never reads: exported models, and checkpoints of (sub-)runs that
     * finished (their metrics.json is what is read back).
     */
    private void downloadRun(String rel) throws IOException {
        List<String> files = binding.store().files(rel);
        Set<String> finished = new HashSet<>();
        for (String f : files) {
            if (f.equals("metrics.json") || f.endsWith("/metrics.json")) {
                finished.add(f.substring(0, f.length() - "metrics.json".length()));
            }
        }
        for (String f : files) {
            int ckpt = f.indexOf("checkpoints/");
            boolean finishedCheckpoint = (ckpt == 0 || ckpt > 0 && f.charAt(ckpt - 1) == '/')
                    && finished.contains(f.substring(0, ckpt));
            if (f.startsWith("model/") || f.contains("/model/") || finishedCheckpoint) {
                continue;
            }
            Path local = root.resolve(join(rel, f));
            if (ResultsStore.isText(f)) {
                Files.createDirectories(local.getParent());
                Files.writeString(local, binding.store().readString(join(rel, f)).orElseThrow()
                        .replace(binding.store().root(), root.toString()), StandardCharsets.UTF_8);
            } else {
                binding.store().download(join(rel, f), local);
            }
            onStore.put(local, stamp(local));
        }
    }

    /** Uploads the files under a driver folder that changed since they were last on the store. */
    synchronized void sync(String driverDir) throws IOException {
        Path dir = local(driverDir);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile).filter(this::shared).toList());
        }
        // status.json last: a folder on the store says "finished" only when the rest is there
        files.sort(Comparator.comparing((Path p) -> p.getFileName().toString().equals(RunStatus.FILE))
                .thenComparing(p -> -p.getNameCount()));
        for (Path f : files) {
            try {
                List<Long> now = stamp(f);
                if (now.equals(onStore.get(f))) {
                    continue;
                }
                String rel = root.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                if (ResultsStore.isText(rel)) {
                    binding.store().writeString(rel, Files.readString(f, StandardCharsets.UTF_8)
                            .replace(root.toString(), binding.store().root()));
                } else {
                    binding.store().upload(f, rel);
                }
                onStore.put(f, now);
            } catch (NoSuchFileException gone) {
                // replaced by an atomic write while listed: the next sync uploads the new one
            }
        }
    }

    /** Not temp files of atomic writes, staging folders of new runs, or locks (a process id of this machine). */
    private boolean shared(Path f) {
        for (Path part : root.relativize(f)) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        return !f.getFileName().toString().equals(RunLock.FILE);
    }

    /**
     * Uploads the task's files at every checkpoint, so that a task killed mid-training (a lost executor, a killed
     * application) is continued from that checkpoint. A failed upload is logged, not fatal: training goes on and
     * the next checkpoint or the end uploads again.
     */
    TrainingListener mirror(String driverDir) {
        return new TrainingListener() {
            @Override
            public void onCheckpoint(long step) {
                try {
                    sync(driverDir);
                } catch (IOException | RuntimeException e) {
                    log.warn("could not copy the checkpoint at step {} to {}: {}", step,
                            binding.uri(driverDir), e.toString());
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        FileTrees.deleteTree(root);
    }

    private static List<Long> stamp(Path f) throws IOException {
        return List.of(Files.size(f), Files.getLastModifiedTime(f).toMillis());
    }

    private static String join(String rel, String name) {
        return rel.isEmpty() ? name : rel + "/" + name;
    }

}
