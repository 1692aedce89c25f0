package org.clinicalbert.workbench.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run, sweep or study folder as {@code workbench status} shows it: its status.json, and the state to show. A
 * folder that says {@code running} but whose owner is gone was interrupted (kill -9, a crash, a power cut): its
 * {@code run.lock} names a process that no longer runs, or, for a run (which writes {@code running} only while it
 * holds the lock), there is no lock at all.
 *
 * @param kind  run, sweep or study (from status.json; older files: sweep when the folder holds sweep.json)
 * @param shown the state to show: the file's, or {@code interrupted} as above
 */
public record FolderStatus(Path dir, RunStatus status, String kind, String shown) {

    /** The state shown for a folder whose status.json cannot be read. */
    public static final String UNREADABLE = "unreadable";

    /** results/ -> experiment/ -> run/ -> fold is depth 3; sweeps and studies nest one or two levels more. */
    private static final int MAX_DEPTH = 6;

    public static Optional<FolderStatus> of(Path dir) {
        return RunStatus.read(dir).map(s -> {
            String kind = s.kind() != null ? s.kind() : Files.isRegularFile(dir.resolve("sweep.json")) ? "sweep" : "run";
            return new FolderStatus(dir, s, kind, shownState(dir, s, kind));
        });
    }

    /**
     * A folder whose status.json is not a status (cut short, hand-edited, from another program): listed as such, so
     * a run does not vanish from the list without a word.
     */
    static FolderStatus unreadable(Path dir) {
        RunStatus s = new RunStatus(UNREADABLE, dir.resolve(RunStatus.FILE) + " is not a readable status (not a "
                + "JSON object)", null, null, null, null, null, null, null, null);
        return new FolderStatus(dir, s, "?", UNREADABLE);
    }

    static String shownState(Path dir, RunStatus s, String kind) {
        if (!RunStatus.RUNNING.equals(s.state())) {
            return s.state();
        }
        Optional<RunLock.Owner> owner = RunLock.owner(dir);
        if (owner.isPresent()) {
            return owner.get().alive() ? RunStatus.RUNNING : RunStatus.INTERRUPTED;
        }
        return "run".equals(kind) && !Files.exists(dir.resolve(RunLock.FILE)) ? RunStatus.INTERRUPTED : RunStatus.RUNNING;
    }

    /** Every folder below {@code root} (itself included) holding a status.json, in path order; hidden ones skipped. */
    public static List<FolderStatus> scan(Path root) throws IOException {
        List<FolderStatus> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root, MAX_DEPTH)) {
            for (Path dir : s.filter(p -> Files.isRegularFile(p.resolve(RunStatus.FILE)))
                    .filter(p -> !hidden(root, p)).sorted(Comparator.comparing(Path::toString)).toList()) {
                out.add(of(dir).orElseGet(() -> unreadable(dir)));
            }
        }
        return out;
    }

    private static boolean hidden(Path root, Path dir) {
        for (Path p : root.relativize(dir)) {
            if (p.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
