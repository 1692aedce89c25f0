package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.runs.FolderStatus;
import org.clinicalbert.workbench.runs.RunStatus;
import org.clinicalbert.workbench.runs.StatusText;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code workbench status [RESULTS_DIR]}: every run, sweep and study below a results folder and where it stands. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"List the runs, sweeps and studies below RESULTS_DIR (every folder holding status.json): kind, "
                + "state, progress, best dev score so far and how long ago the folder was last updated.",
                "A folder that says running but whose process is gone (killed, crashed) is shown as interrupted; "
                        + "continue it with the command its status.json names (run ... --resume).",
                "The same folders as HTML pages with scores and learning curves: workbench report RESULTS_DIR; "
                        + "training curves: tensorboard --logdir RESULTS_DIR."})
public final class StatusCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RESULTS_DIR", arity = "0..1", description = "folder to look in (default: ${DEFAULT-VALUE})")
    Path root = Path.of("results");

    @Option(names = "--json", description = "print a JSON array instead of the table")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (!Files.isDirectory(root)) {
                throw new InputFormatException(root, null, Files.exists(root) ? "is a file, a results folder is needed"
                        : "no such results folder");
            }
            List<FolderStatus> folders = FolderStatus.scan(root);
            Instant now = Instant.now();
            if (json) {
                List<Object> rows = new ArrayList<>();
                folders.forEach(f -> rows.add(jsonRow(f, now)));
                out.println(Json.PRETTY.writeValueAsString(rows));
            } else if (folders.isEmpty()) {
                out.println("no runs, sweeps or studies under " + root + " (no status.json)");
            } else {
                out.print(table(folders, now));
            }
            return 0;
        } finally {
            out.flush();
        }
    }

    /** Fixed-width columns, the folder (relative to RESULTS_DIR) first. */
    String table(List<FolderStatus> folders, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("FOLDER", "KIND", "STATE", "PROGRESS", "BEST", "AGE"));
        for (FolderStatus f : folders) {
            RunStatus s = f.status();
            rows.add(List.of(name(f), f.kind(), f.shown().id(), progress(s.progress()), best(s.best()),
                    age(s.updated(), now)));
        }
        int[] width = new int[6];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        });
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(String.format(Locale.ROOT, "%-" + width[i] + "s", r.get(i)));
                if (i < r.size() - 1) {
                    line.append("  ");
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private Map<String, Object> jsonRow(FolderStatus f, Instant now) {
        RunStatus s = f.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("folder", f.dir().toString());
        m.put("kind", f.kind());
        m.put("state", f.shown().id());
        m.put("recorded_state", s.state().id());
        m.put("message", s.message());
        m.put("progress", s.progress() == null ? null
                : Map.of("done", s.progress().done(), "total", s.progress().total(), "unit", s.progress().unit()));
        m.put("best", s.best() == null ? null : Map.of("metric", s.best().metric(), "value", s.best().value()));
        m.put("phase", s.phase());
        m.put("last_checkpoint_step", s.lastCheckpointStep());
        m.put("started", s.started());
        m.put("updated", s.updated());
        Duration d = since(s.updated(), now);
        m.put("age_seconds", d == null ? null : d.toSeconds());
        m.put("resume", s.resume());
        return m;
    }

    private String name(FolderStatus f) {
        Path rel = root.toAbsolutePath().normalize().relativize(f.dir().toAbsolutePath().normalize());
        return rel.toString().isEmpty() ? "." : rel.toString();
    }

    static String progress(RunStatus.Progress p) {
        return StatusText.progress(p);
    }

    static String best(RunStatus.Best b) {
        return StatusText.best(b);
    }

    static String age(String updated, Instant now) {
        return StatusText.age(updated, now);
    }

    private static Duration since(String updated, Instant now) {
        return StatusText.since(updated, now);
    }
}
