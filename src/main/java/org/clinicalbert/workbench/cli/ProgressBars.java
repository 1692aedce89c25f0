package org.clinicalbert.workbench.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

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

    static ProgressBarBuilder builder(String task, PrintStream out, boolean terminal) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII);
        return terminal ? b.setConsumer(new ConsoleProgressBarConsumer(out))
                : b.setConsumer(new PlainProgressLines(out, STEP_PERCENT));
    }
}
