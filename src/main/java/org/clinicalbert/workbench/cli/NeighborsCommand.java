package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.embed.EmbeddingIndex;
import org.clinicalbert.workbench.embed.Neighbors;
import org.clinicalbert.workbench.io.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code workbench neighbors --index DIR --query TEXT [--k 10]}: exact cosine nearest neighbours in a folder
 * written by {@code embed}, the queries embedded with that folder's model and settings.
 */
@Command(name = "neighbors", mixinStandardHelpOptions = true,
        description = {"Find the rows of an `embed` output most similar (cosine, exact) to query texts.",
                "Queries are embedded with the index's own model, pooling, layers and lengths (from embed.json); "
                        + "the matrix is memory-mapped and scanned in blocks, so it need not fit in the heap."})
public final class NeighborsCommand extends WorkbenchCommand {

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "folder written by `workbench embed`")
    Path index;

    @ArgGroup(multiplicity = "1")
    Queries queries;

    static final class Queries {
        @Option(names = "--query", paramLabel = "TEXT", description = "a query text (repeatable)")
        List<String> texts;

        @Option(names = "--query-file", paramLabel = "FILE", converter = InputPath.File.class, description = "one query per line")
        Path file;
    }

    @Option(names = "--k", defaultValue = "10", paramLabel = "N", description = "neighbours per query (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;


    @Override
    public Integer call() throws IOException {
        OptionBounds.atLeast(spec, "--k", k, 1);
        PrintWriter out = out();
        try (EmbeddingIndex idx = EmbeddingIndex.open(index)) {
            Neighbors.Search search = queries.file != null ? Neighbors.search(idx, queries.file, k)
                    : Neighbors.search(idx, queries.texts, k);
            List<Neighbors.Result> results = search.results();
            if (json) {
                out.println(Json.PRETTY
                        .writeValueAsString(Map.of("index", index.toString(), "k", k, "results", results)));
            } else {
                for (Neighbors.Result r : results) {
                    out.printf("query: %s%n", r.query());
                    out.printf("%4s %10s  %-20s %8s  %s%n", "rank", "row", "id", "cosine", "text");
                    for (Neighbors.Neighbor n : r.neighbors()) {
                        out.printf(Locale.ROOT, "%4d %10d  %-20s %8.5f  %s%n", n.rank(), n.row(), n.id(), n.score(),
                                n.text() == null ? "" : oneLine(n.text()));
                    }
                    out.println();
                }
            }
            out.flush();
            err().printf(Locale.ROOT, "%,d quer%s against %,d rows x %d: embedded in %.3f s, "
                            + "exact scan %.3f s, ids.jsonl %.3f s%n", results.size(), results.size() == 1 ? "y" : "ies",
                    idx.rows(), idx.dimension(), search.embedSeconds(), search.scanSeconds(), search.idsSeconds());
            err().flush();
            return 0;
        }
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 100 ? t.substring(0, 100) + "…" : t;
    }
}
