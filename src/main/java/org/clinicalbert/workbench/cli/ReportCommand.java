package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.report.ResultsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code workbench report [RESULTS_DIR] [--out DIR]}: the results as static HTML pages. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a static HTML overview of RESULTS_DIR that opens from the file system without a network: "
                + "index.html (every run with task, initialisation, state, dev/test score and age; every sweep and "
                + "study; compare's table) and one page per run (scores, learning curves, config), sweep (sortable "
                + "candidates, the best marked) and study (selection, Table 2 with intervals and the paper's values, "
                + "links to run folders and provenance.json).",
                "Every file is rewritten atomically; run it again to refresh. Training curves: tensorboard --logdir "
                        + "RESULTS_DIR."})
public final class ReportCommand extends WorkbenchCommand {

    @Parameters(paramLabel = "RESULTS_DIR", arity = "0..1", description = "results folder (default: ${DEFAULT-VALUE})")
    Path root = Path.of("results");

    @Option(names = "--out", paramLabel = "DIR", description = "where the pages go (default: RESULTS_DIR/report)")
    Path out;


    @Override
    public Integer call() throws Exception {
        PrintWriter o = out();
        try {
            long t0 = System.nanoTime();
            ResultsReport.Summary s = ResultsReport.write(root, out != null ? out : root.resolve("report"));
            o.printf(java.util.Locale.ROOT, "%d run(s), %d sweep(s), %d study(ies) in %.1f s: open %s%n", s.runs(),
                    s.sweeps(), s.studies(), (System.nanoTime() - t0) / 1e9, s.index().toAbsolutePath().toUri());
            return 0;
        } finally {
            o.flush();
        }
    }
}
