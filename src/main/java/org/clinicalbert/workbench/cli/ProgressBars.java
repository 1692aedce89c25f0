package org.clinicalbert.workbench.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Every command's progress bar: redrawn in place on a terminal, one plain line per 10% on a pipe or in a file
 * ({@link PlainProgressLines}).
 */
final class ProgressBars {

    /** On a pipe or file: a line per this many percent. */
    static final int STEP_PERCENT = 10;

    private ProgressBars() {
    }

    /** A builder for {@code task} drawing on standard error. */
    static ProgressBarBuilder builder(String task) {
        return builder(task, System.err, System.console() != null);
    }

    /**
     * A byte counter's unit chosen from the total it will count: MB from 10 MB up, kB from 10 kB, else bytes. The
     * library shows whole units, so one fixed MB read 0/0MB for every input under a megabyte.
     */
    static ProgressBarBuilder bytes(ProgressBarBuilder b, long total) {
        if (total >= 10L << 20) {
            return b.setUnit(" MB", 1L << 20);
        }
        return total >= 10L << 10 ? b.setUnit(" kB", 1L << 10) : b.setUnit(" B", 1);
    }

    /** The bytes a command will read from {@code input}: a file's size, or the files' below a folder. */
    static long sizeOf(Path input) throws IOException {
        if (!Files.isDirectory(input)) {
            return Files.size(input);
        }
        try (Stream<Path> files = Files.walk(input)) {
            long total = 0;
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                total += Files.size(f);
            }
            return total;
        }
    }

    static ProgressBarBuilder builder(String task, PrintStream out, boolean terminal) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII);
        return terminal ? b.setConsumer(new ConsoleProgressBarConsumer(out))
                : b.setConsumer(new PlainProgressLines(out, STEP_PERCENT));
    }
}
