package org.clinicalbert.workbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.clinicalbert.workbench.eval.ClassScores;
import org.clinicalbert.workbench.eval.ClassificationMetrics;
import org.clinicalbert.workbench.eval.ConllEval;
import org.clinicalbert.workbench.eval.ConllFile;
import org.clinicalbert.workbench.eval.ConllReport;
import org.clinicalbert.workbench.eval.TagPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code workbench conlleval FILE}: entity scores of a predictions file, printed as conlleval.pl prints them. */
@Command(name = "conlleval", mixinStandardHelpOptions = true,
        description = "Score a CoNLL file (one word per line, last two fields gold and predicted tag, blank line "
                + "between sentences) exactly as conlleval.pl does.")
public final class ConllEvalCommand extends WorkbenchCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "predictions file")
    Path file;

    @Option(names = "--token-level", description = "also print word-level precision/recall/F1 per tag (micro average without O)")
    boolean tokenLevel;


    @Override
    public Integer call() throws IOException {
        PrintWriter out = out();
        List<List<TagPair>> sentences = ConllFile.read(file);
        out.print(ConllReport.format(ConllEval.evaluate(sentences)));
        if (tokenLevel) {
            ClassificationMetrics words = ConllEval.tokenLevel(sentences);
            out.println("word-level:");
            for (Map.Entry<String, ClassScores> e : words.perClass().entrySet()) {
                out.println(row(e.getKey(), e.getValue()));
            }
            out.println(row("micro (no O)", words.micro(Set.of("O"))));
        }
        out.flush();
        return 0;
    }

    private static String row(String label, ClassScores s) {
        return String.format(Locale.ROOT, "%17s: precision: %6.2f%%; recall: %6.2f%%; F1: %6.2f  %d",
                label, 100 * s.precision(), 100 * s.recall(), 100 * s.f1(), s.support());
    }
}
