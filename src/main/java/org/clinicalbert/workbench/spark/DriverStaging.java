package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.io.FileTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The driver side of results on a {@link ResultsStore}: a local folder that stands for the store's root, in which
 * the sweep session (its lock, its ledger and reports) and {@code run}'s run folders are made as for a local
 * results folder. It starts with the store's small bookkeeping files (candidate manifests, status and metrics
 * files: what tells finished candidates and unfinished runs apart) and the folders of runs, never models or
 * checkpoints; the driver's own
 * files are uploaded as they change ({@link #upload}), so a killed driver loses no finished candidate.
 *
 * <p>Reports name run folders by path: in text files the staging folder's path is replaced by the store's URI on
 * the way up, so {@code sweep.json} on the store points into the store.
 */
final class DriverStaging implements AutoCloseable {

    /** The files the driver reads back from earlier submissions. */
    private static final Set<String> BOOKKEEPING = Set.of(org.clinicalbert.workbench.sweep.CandidateFolder.MANIFEST,
            org.clinicalbert.workbench.runs.RunStatus.FILE, org.clinicalbert.workbench.runs.RunMetrics.FILE);

    private final ResultsStore store;
    private final Path local;

    private DriverStaging(ResultsStore store, Path local) {
        this.store = store;
        this.local = local;
    }

    /** A fresh staging folder holding the store's bookkeeping files. */
    static DriverStaging open(ResultsStore store) throws IOException {
        Path local = Files.createTempDirectory("workbench-results-").toRealPath();
        DriverStaging s = new DriverStaging(store, local);
        try {
            for (String f : store.files("")) {
                String name = f.substring(f.lastIndexOf('/') + 1);
                int heavy = heavyPart(f);
                if (heavy >= 0) {
                    if (heavy > 0) {
                        // the folder, so that a run whose folds left only checkpoints is still found unfinished
                        Files.createDirectories(local.resolve(f.substring(0, heavy)));
                    }
                    continue;
                }
                if (BOOKKEEPING.contains(name)) {
                    store.download(f, local.resolve(f));
                } else if (f.contains("/")) {
                    // a run folder holding no bookkeeping file yet is still a run to resume
                    Files.createDirectories(local.resolve(f).getParent());
                }
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Where a {@code model/} or {@code checkpoints/} folder starts in a relative path, or -1. */
    static int heavyPart(String rel) {
        int at = -1;
        for (String dir : new String[] {"model/", "checkpoints/"}) {
            int i = rel.startsWith(dir) ? 0 : rel.indexOf("/" + dir);
            if (i > 0) {
                i++;
            }
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
            }
        }
        return at;
    }

    Path local() {
        return local;
    }

    ResultsStore store() {
        return store;
    }

    StoreBinding binding() {
        return new StoreBinding(store, local.toString());
    }

    /** The store URI of a path in the staging folder (a run folder the reports name). */
    String uri(Path p) {
        return binding().uri(p.toString());
    }

    /** Uploads the staging folder's files {@code rel} (relative, '/'-separated) that exist, staging paths replaced. */
    void upload(String... rel) throws IOException {
        for (String r : rel) {
            Path f = local.resolve(r);
            if (!Files.isRegularFile(f)) {
                continue;
            }
            if (ResultsStore.isText(r)) {
                store.writeString(r, Files.readString(f, StandardCharsets.UTF_8).replace(local.toString(),
                        store.root()));
            } else {
                store.upload(f, r);
            }
        }
    }

    @Override
    public void close() throws IOException {
        FileTrees.deleteTree(local);
    }
}
