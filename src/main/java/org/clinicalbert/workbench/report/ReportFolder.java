package org.clinicalbert.workbench.report;

import org.clinicalbert.workbench.io.FileTrees;
import org.clinicalbert.workbench.io.InputFormatException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The report folder, replaced whole: pages are written into a hidden folder beside it (which {@code status} and the
 * report's own scan skip) and swapped in with two renames at the end, so a reader sees the old report or the new one,
 * never a mix, and a failed build leaves the old one. One rename of the folder instead of one forced write per page:
 * a thousand fsyncs took most of the time on 1,000 runs.
 */
final class ReportFolder implements AutoCloseable {

    private final Path out;
    private final Path stage;
    private boolean committed;

    private ReportFolder(Path out, Path stage) {
        this.out = out;
        this.stage = stage;
    }

    /** Refuses a folder that holds something other than a report: replacing it would delete that. */
    static ReportFolder open(Path out, Path resultsDir) throws IOException {
        Path o = out.toAbsolutePath().normalize();
        if (resultsDir.toAbsolutePath().normalize().startsWith(o)) {
            throw new InputFormatException(out, null, "holds the results folder; the report needs a folder of its own");
        }
        if (Files.exists(o)) {
            if (!Files.isDirectory(o)) {
                throw new InputFormatException(out, null, "is a file, the report needs a folder");
            }
            try (Stream<Path> s = Files.list(o)) {
                if (s.findAny().isPresent() && !Files.isRegularFile(o.resolve("index.html"))) {
                    throw new InputFormatException(out, null, "is a folder without a report's index.html; the "
                            + "report replaces its folder whole, so give an empty or new one (--out)");
                }
            }
        }
        Files.createDirectories(o.getParent());
        Path stage = o.resolveSibling("." + o.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectories(stage);
        return new ReportFolder(o, stage);
    }

    /** Where a file of the finished report will be (links are computed from these paths). */
    Path path(String relative) {
        return out.resolve(relative);
    }

    void write(Path finalPath, String content) throws IOException {
        Path target = stage.resolve(out.relativize(finalPath.toAbsolutePath().normalize()).toString());
        Files.createDirectories(target.getParent());
        Files.writeString(target, content, StandardCharsets.UTF_8);
    }

    void commit() throws IOException {
        Path old = out.resolveSibling("." + out.getFileName() + ".old-" + UUID.randomUUID());
        boolean replaced = Files.exists(out);
        if (replaced) {
            Files.move(out, old);
        }
        Files.move(stage, out);
        committed = true;
        if (replaced) {
            FileTrees.deleteTree(old);
        }
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            FileTrees.deleteTree(stage);
        }
    }
}
