package org.clinicalbert.workbench.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run's results folder, {@code results/<experiment>/<run-id>/}: everything a run writes goes here and
 * nowhere else, each file atomically. A {@code status.json} says whether the run finished, so
 * {@code --resume} can find the run to continue.
 */
public final class RunFolder {

    public static final String STATUS = "status.json";
    private static final ObjectMapper JSON = Json.PRETTY;

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** A new run folder under the experiment's results folder ({@code output.dir}). */
    public static RunFolder create(Path experimentDir) throws IOException {
        String id = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path base = experimentDir;
        Path dir = base.resolve(id);
        for (int i = 2; Files.exists(dir); i++) {
            dir = base.resolve(id + "-" + i);
        }
        Files.createDirectories(dir);
        return new RunFolder(dir);
    }

    public static RunFolder open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("run folder not found: " + dir);
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
                    .filter(d -> !"finished".equals(readStatus(d)))
                    .max(Comparator.comparing((Path d) -> d.getFileName().toString(), RunFolder::compareIds))
                    .map(RunFolder::new);
        }
    }

    /**
     * Creation order of run ids: the timestamp, then the numeric suffix {@link #create} adds for runs started in
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

    private static String readStatus(Path run) {
        Path f = run.resolve(STATUS);
        try {
            return Files.exists(f) ? JSON.readTree(f.toFile()).path("state").asText() : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
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

    public void status(String state, String message) throws IOException {
        writeJson(STATUS, java.util.Map.of("state", state, "message", message == null ? "" : message,
                "updated", java.time.Instant.now().toString()));
    }
}
