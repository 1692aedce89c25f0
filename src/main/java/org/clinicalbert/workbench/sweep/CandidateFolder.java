package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.runs.RunMetrics;
import org.clinicalbert.workbench.runs.RunState;
import org.clinicalbert.workbench.runs.RunStatus;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A candidate's folder, {@code <sweep>/candidate-<n>/}: its experiment runs (the runner's own run folders, one
 * per attempt) and {@code candidate.json}, the overrides it was run with. The manifest guards resume: a folder
 * made for other overrides (the sweep file changed) is never mistaken for this candidate's result.
 */
public final class CandidateFolder {

    public static final String MANIFEST = "candidate.json";
    private static final ObjectMapper JSON = Json.PRETTY;

    private CandidateFolder() {
    }

    /** Writes the manifest, or checks that an existing one names the same overrides. */
    static void claim(Path dir, int number, List<String> overrides) throws IOException {
        check(dir, overrides);
        if (!Files.exists(dir.resolve(MANIFEST))) {
            AtomicFiles.writeBytes(dir.resolve(MANIFEST), JSON.writeValueAsBytes(
                    Map.of("candidate", number, "overrides", overrides)));
        }
    }

    /** Throws when the folder was made for other overrides than {@code overrides}. */
    static void check(Path dir, List<String> overrides) throws IOException {
        Path f = dir.resolve(MANIFEST);
        if (!Files.exists(f)) {
            return;
        }
        List<String> stored = new ArrayList<>();
        JSON.readTree(f.toFile()).path("overrides").forEach(n -> stored.add(n.asText()));
        if (!stored.equals(overrides)) {
            // the sweep file changed under its results: the user fixes that (exit 2), nothing failed
            throw new UserInputException(dir + " holds runs made with " + stored + " but this sweep now gives "
                    + overrides + ": the sweep file changed; give the sweep a new name or remove " + dir);
        }
    }

    /** The newest run of the candidate whose status is finished, with its metrics. */
    @SuppressWarnings("unchecked")
    static Optional<Finished> finishedRun(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> finished;
        try (Stream<Path> runs = Files.list(dir)) {
            finished = runs.filter(Files::isDirectory)
                    .filter(d -> RunStatus.stateOf(d) == RunState.FINISHED && Files.exists(d.resolve(RunMetrics.FILE)))
                    .sorted(Comparator.comparing(d -> d.getFileName().toString()))
                    .toList();
        }
        if (finished.isEmpty()) {
            return Optional.empty();
        }
        Path run = finished.get(finished.size() - 1);
        return Optional.of(new Finished(run, RunMetrics.read(run.resolve(RunMetrics.FILE))));
    }

    /** A candidate's finished run and its metrics. */
    public record Finished(Path runDir, RunMetrics metrics) {
    }
}
