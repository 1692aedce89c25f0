package org.clinicalbert.workbench.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.sweep.CandidateRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Phase 2's files: {@code selection.json} and {@code selection.md}, every cell's choice with its whole dev ranking. */
final class SelectionReport {

    static final String JSON_FILE = "selection.json";
    static final String MARKDOWN_FILE = "selection.md";
    private static final ObjectMapper JSON = Json.PRETTY;

    private SelectionReport() {
    }

    static void write(Path dir, StudyConfig study, List<Selection> selections) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("study", study.name());
        root.put("rule", Selection.TIE_RULE);
        List<Object> cells = new ArrayList<>();
        for (Selection s : selections) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("task", s.cell().task().id());
            c.put("initialisation", s.cell().init().key());
            c.put("score", s.cell().task().score().toString());
            c.put("grid_dir", s.gridDir().toString());
            c.put("selected", s.best() == null ? null : row(s.best(), 1));
            List<Object> ranking = new ArrayList<>();
            for (int i = 0; i < s.ranking().size(); i++) {
                ranking.add(row(s.ranking().get(i), i + 1));
            }
            c.put("ranking", ranking);
            cells.add(c);
        }
        root.put("cells", cells);
        AtomicFiles.writeBytes(dir.resolve(JSON_FILE), JSON.writeValueAsBytes(root));
        AtomicFiles.writeString(dir.resolve(MARKDOWN_FILE), markdown(study, selections));
    }

    private static Map<String, Object> row(CandidateRecord r, int rank) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", r.finished() ? rank : null);
        m.put("candidate", r.number());
        m.put("status", r.status().label());
        m.put("dev_score", r.score());
        m.put("parameters", r.candidate().parameters());
        m.put("dev", r.dev());
        m.put("run_dir", r.runDir());
        return m;
    }

    static String markdown(StudyConfig study, List<Selection> selections) {
        StringBuilder b = new StringBuilder("# Study ").append(study.name()).append(": configurations chosen on dev\n\n");
        b.append("Rule: ").append(Selection.TIE_RULE).append(". No test score exists at this point: the grid runs ")
                .append("scored dev only and never opened the test set.\n");
        for (Selection s : selections) {
            b.append("\n## ").append(s.cell().task().id()).append(" × ").append(s.cell().init().label()).append("\n\n");
            b.append("Grid: `").append(s.gridDir()).append("`; ranked by ").append(s.cell().task().score()).append(".\n\n");
            List<String> keys = new ArrayList<>(s.cell().task().grid().keySet());
            b.append("| rank | candidate | ").append(String.join(" | ", keys)).append(" | ")
                    .append(s.cell().task().score()).append(" |\n|");
            for (int i = 0; i < keys.size() + 3; i++) {
                b.append("---|");
            }
            b.append('\n');
            int rank = 0;
            for (CandidateRecord r : s.ranking()) {
                rank++;
                boolean best = r == s.best();
                b.append("| ").append(r.finished() ? (best ? "**1 (selected)**" : String.valueOf(rank)) : "failed")
                        .append(" | ").append(r.number());
                keys.forEach(k -> b.append(" | ").append(r.candidate().parameters().get(k)));
                b.append(" | ").append(r.score() == null ? "" : String.format(Locale.ROOT, "%.4f", r.score())).append(" |\n");
            }
        }
        return b.toString();
    }
}
