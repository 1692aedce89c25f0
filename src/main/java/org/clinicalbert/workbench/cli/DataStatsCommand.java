package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.data.i2b2.I2b2Corpus;
import org.clinicalbert.workbench.data.mednli.MedNliReader;
import org.clinicalbert.workbench.data.mednli.MedNliStats;
import org.clinicalbert.workbench.data.mednli.NliLabel;
import org.clinicalbert.workbench.data.ner.NerCorpusStats;
import org.clinicalbert.workbench.data.ner.SpanIssue;
import org.clinicalbert.workbench.io.InputFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code workbench data stats CORPUS PATH}: documents, sentences, tokens, entities per type and span issues. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Count documents, sentences, tokens and entities per type (labels per class for MedNLI) "
                + "and list span issues.")
public final class DataStatsCommand extends WorkbenchCommand {

    @Parameters(index = "0", paramLabel = "CORPUS",
            description = "mednli | i2b2-2006 | i2b2-2010 | i2b2-2012 | i2b2-2014")
    String corpus;

    @Parameters(index = "1", paramLabel = "PATH",
            description = "MedNLI: a folder with mli_*_v1.jsonl or one such file; i2b2: a file or folder of the release")
    Path path;

    @Option(names = "--encoding", defaultValue = "utf-8", description = "i2b2-2010 .txt/.con encoding, decoded "
            + "strictly (e.g. latin-1; default: ${DEFAULT-VALUE})")
    String encoding;

    @Option(names = "--timex", description = "i2b2-2012: also count TIMEX3 types")
    boolean timex;

    @Option(names = "--max-issues", defaultValue = "20", description = "span issues to list in full (default ${DEFAULT-VALUE})")
    int maxIssues;


    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter out = out();
        PrintWriter err = err();
        OptionBounds.atLeast(spec, "--max-issues", maxIssues, 0);
        if (!Files.exists(path)) {
            throw new java.nio.file.NoSuchFileException(path.toString());
        }
        {
            java.nio.charset.Charset charset = org.clinicalbert.workbench.io.StrictUtf8.charset(encoding);
            if (corpus.equalsIgnoreCase("mednli")) {
                if (!charset.equals(java.nio.charset.StandardCharsets.UTF_8)) {
                    throw new InputFormatException(path, "--encoding", "MedNLI is JSON lines, UTF-8 by definition");
                }
                return medNli(out);
            }
            var kind = I2b2Corpus.byName(corpus);
            if (kind.isEmpty()) {
                throw mistake("unknown corpus " + corpus
                        + "; expected mednli, i2b2-2006, i2b2-2010, i2b2-2012 or i2b2-2014");
            }
            print(out, kind.get().cliName(), NerCorpusStats.of(kind.get().open(path, timex, charset)));
            return 0;
        }
    }

    private int medNli(PrintWriter out) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            for (MedNliReader.Split s : MedNliReader.Split.values()) {
                Path f = path.resolve(s.fileName());
                if (Files.exists(f)) {
                    files.add(f);
                }
            }
        } else {
            files.add(path);
        }
        if (files.isEmpty()) {
            throw new InputFormatException(path, null, "no MedNLI files (mli_{train,dev,test}_v1.jsonl) in this folder");
        }
        for (Path f : files) {
            MedNliStats st = MedNliStats.of(new MedNliReader(f));
            out.printf("%s%n  pairs: %d%n", f, st.pairs());
            for (NliLabel l : NliLabel.values()) {
                out.printf("    %-14s %d%n", l.json(), st.pairsByLabel().get(l));
            }
            int skipped = st.skippedByLabel().values().stream().mapToInt(Integer::intValue).sum();
            out.printf("  skipped (gold label not one of the three classes): %d%n", skipped);
            for (Map.Entry<String, Integer> e : st.skippedByLabel().entrySet()) {
                out.printf("    %-14s %d%n", "\"" + e.getKey() + "\"", e.getValue());
            }
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, String name, NerCorpusStats st) {
        out.printf("corpus: %s (%s)%n", name, path);
        out.printf("documents: %d%nsentences: %d%ntokens: %d%nentities: %d%n", st.documents(), st.sentences(), st.tokens(), st.entities());
        for (Map.Entry<String, Long> e : st.entitiesByType().entrySet()) {
            out.printf("  %-16s %d%n", e.getKey(), e.getValue());
        }
        out.printf("span issues: %d%n", st.issues().total());
        for (Map.Entry<SpanIssue.Kind, Integer> e : st.issues().counts().entrySet()) {
            out.printf("  %-16s %d%s%n", e.getKey(), e.getValue(), e.getKey() == SpanIssue.Kind.TEXT_MISMATCH ? " (kept)" : " (dropped)");
        }
        List<SpanIssue> issues = st.issues().issues();
        for (int i = 0; i < Math.min(maxIssues, issues.size()); i++) {
            out.println("  " + issues.get(i));
        }
        if (issues.size() > maxIssues) {
            out.printf("  ... %d more%n", st.issues().total() - maxIssues);
        }
        out.flush();
    }
}
