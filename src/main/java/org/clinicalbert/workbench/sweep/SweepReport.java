package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.runs.FolderStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes a sweep's table as {@code sweep.json}, {@code sweep.csv} and {@code sweep.md}, each atomically. */
final class SweepReport {

    private static final ObjectMapper JSON = Json.PRETTY;

    private SweepReport() {
    }

    static void write(Path dir, SweepOutcome o) throws IOException {
        AtomicFiles.writeBytes(dir.resolve(FolderStatus.SWEEP_FILE), JSON.writeValueAsBytes(json(o)));
        AtomicFiles.writeString(dir.resolve("sweep.csv"), csv(o));
        AtomicFiles.writeString(dir.resolve("sweep.md"), markdown(o));
    }

    static Map<String, Object> json(SweepOutcome o) {
        SweepConfig s = o.sweep();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sweep", s.name());
        out.put("sweep_file", s.file() == null ? null : s.file().toString());
        out.put("experiment", s.experiment().toString());
        out.put("search", s.search().name().toLowerCase());
        out.put("score", s.score().toString());
        out.put("allow_test_selection", s.allowTestSelection());
        out.put("seed", s.seed());
        out.put("fixed_overrides", s.fixed());
        out.put("state", o.state());
        out.put("planned", o.planned());
        out.put("finished", o.finished());
        out.put("failed", o.failed());
        out.put("best", o.best() == null ? null : record(o, o.best()));
        List<Object> rows = new ArrayList<>();
        o.records().forEach(r -> rows.add(record(o, r)));
        out.put("candidates", rows);
        return out;
    }

    private static Map<String, Object> record(SweepOutcome o, CandidateRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("candidate", r.number());
        m.put("status", r.status().label());
        m.put("best", o.isBest(r));
        m.put("score", r.score());
        m.put("parameters", r.candidate().parameters());
        m.put("dev", r.dev());
        m.put("test", r.test());
        m.put("run_dir", r.runDir());
        m.put("reused", r.reused());
        m.put("seconds", r.seconds());
        m.put("error", r.error());
        return m;
    }

    static String csv(SweepOutcome o) throws IOException {
        Set<String> params = o.sweep().parameters().keySet();
        Set<String> dev = metricNames(o, true);
        Set<String> test = metricNames(o, false);
        List<String> header = new ArrayList<>(List.of("candidate", "status", "best", "score"));
        header.addAll(params);
        dev.forEach(m -> header.add("dev." + m));
        test.forEach(m -> header.add("test." + m));
        header.addAll(List.of("seconds", "reused", "run_dir", "error"));
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build())) {
            for (CandidateRecord r : o.records()) {
                List<Object> row = new ArrayList<>(List.of(r.number(), r.status().label(), o.isBest(r), blank(r.score())));
                params.forEach(k -> row.add(r.candidate().parameters().get(k)));
                dev.forEach(m -> row.add(blank(r.dev().get(m))));
                test.forEach(m -> row.add(blank(r.test().get(m))));
                row.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
                row.add(r.reused());
                row.add(r.runDir() == null ? "" : r.runDir());
                row.add(r.error() == null ? "" : r.error());
                p.printRecord(row);
            }
        }
        return w.toString();
    }

    static String markdown(SweepOutcome o) {
        SweepConfig s = o.sweep();
        StringBuilder b = new StringBuilder();
        b.append("# Sweep ").append(s.name()).append("\n\n");
        b.append("- experiment: `").append(s.experiment()).append("`");
        if (!s.fixed().isEmpty()) {
            b.append(" with `").append(String.join("`, `", s.fixed())).append('`');
        }
        b.append("\n- search: ").append(s.search().name().toLowerCase());
        if (s.search() == SweepConfig.Search.RANDOM) {
            b.append(" (seed ").append(s.seed()).append(')');
        }
        b.append(", maximising ").append(s.score()).append('\n');
        if (s.allowTestSelection()) {
            b.append("- **selected on test scores** (allow_test_selection: true): the best candidate's test score is "
                    + "optimistic, not a held-out estimate\n");
        }
        b.append("- state: ").append(o.state()).append("; ").append(o.records().size()).append(" of ")
                .append(o.planned()).append(" candidates visited, ").append(o.finished()).append(" finished, ")
                .append(o.failed()).append(" failed\n");
        if (o.best() != null) {
            b.append("- best: candidate ").append(o.best().number()).append(", ").append(s.score()).append(" = ")
                    .append(num(o.best().score())).append(" (").append(o.best().candidate().describe()).append(")\n");
        }
        Set<String> params = s.parameters().keySet();
        Set<String> dev = metricNames(o, true);
        Set<String> test = metricNames(o, false);
        List<String> cols = new ArrayList<>(List.of("#", "status", "score"));
        cols.addAll(params);
        dev.forEach(m -> cols.add("dev " + m));
        test.forEach(m -> cols.add("test " + m));
        cols.add("run");
        b.append("\n| ").append(String.join(" | ", cols)).append(" |\n|");
        cols.forEach(c -> b.append("---|"));
        b.append('\n');
        for (CandidateRecord r : o.records()) {
            List<String> cells = new ArrayList<>();
            cells.add(String.valueOf(r.number()));
            cells.add(o.isBest(r) ? "**best**" : r.status().label() + (r.finished() ? "" : ": " + shorten(r.error())));
            cells.add(o.isBest(r) ? "**" + num(r.score()) + "**" : num(r.score()));
            params.forEach(k -> cells.add(String.valueOf(r.candidate().parameters().get(k))));
            dev.forEach(m -> cells.add(num(r.dev().get(m))));
            test.forEach(m -> cells.add(num(r.test().get(m))));
            cells.add(r.runDir() == null ? "" : "`" + r.runDir() + "`");
            b.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return b.toString();
    }

    private static Set<String> metricNames(SweepOutcome o, boolean dev) {
        Set<String> names = new LinkedHashSet<>();
        o.records().forEach(r -> names.addAll((dev ? r.dev() : r.test()).keySet()));
        return names;
    }

    private static Object blank(Double d) {
        return d == null ? "" : d;
    }

    private static String num(Double d) {
        return d == null ? "" : String.format(Locale.ROOT, "%.4f", d);
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replace('\n', ' ').replace("|", "\\|");
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }
}
