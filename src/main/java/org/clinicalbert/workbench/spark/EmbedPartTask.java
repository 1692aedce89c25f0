package org.clinicalbert.workbench.spark;

import org.apache.spark.TaskContext;
import org.clinicalbert.workbench.embed.EmbedJob;
import org.clinicalbert.workbench.embed.EmbedManifest;
import org.clinicalbert.workbench.embed.InputKind;
import org.clinicalbert.workbench.embed.InputSpec;
import org.clinicalbert.workbench.embed.Pooling;
import org.clinicalbert.workbench.embed.TextEmbedder;
import org.clinicalbert.workbench.embed.TextRange;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.io.FileTrees;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One part of {@code embed --spark} as a Spark task: {@link EmbedJob#run} over the texts of {@code range} on the
 * executor, into the part's own folder, with the settings the driver resolved (so every part resolves them the same
 * way). Always run as a resume: a retried attempt, or a re-submitted run, continues the part from its last whole
 * group, and a part whose embed.json exists is not embedded again. Paths are as the driver saw them: every node must
 * see the same files (a shared file system).
 *
 * @param part  the part's index, from 0
 * @param hook  told after each group (tests interrupt a part with it); null in real runs
 */
public record EmbedPartTask(String modelDir, Boolean lowerCase, String pooling, String layers, int maxSeqLength,
                            int stride, int batch, String input, InputKind kind, String field, String idField,
                            List<String> categories, int bufferTexts, int part, int parts, TextRange range,
                            String partDir, PartHook hook) implements SparkTask<EmbedPartTask.Result> {

    /** Told after every group a part embeds: its index, Spark's attempt number, the part's texts done. */
    @FunctionalInterface
    public interface PartHook extends Serializable {
        void afterGroup(int part, int attempt, long textsDone);
    }

    /**
     * @param reused    the part was finished by an earlier submission and not embedded again
     * @param startedAt the part's texts already embedded when this attempt began (a continued part: more than 0)
     * @param groups    groups embedded by this attempt
     */
    public record Result(int part, boolean reused, long startedAt, long groups, long rows) implements Serializable {
    }

    public EmbedPartTask {
        categories = List.copyOf(categories);
    }

    @Override
    public String describe() {
        return "part " + (part + 1) + "/" + parts + " (" + range + ")";
    }

    @Override
    public Result run() throws Exception {
        ExecutorPaths.require("--model", Path.of(modelDir));
        ExecutorPaths.require("--input", Path.of(input));
        Path dir = Path.of(partDir);
        if (Files.exists(dir.resolve(EmbedManifest.FILE))) {
            return new Result(part, true, range.size(), 0, EmbedManifest.read(dir).rows());
        }
        if (Files.exists(dir.resolve(EmbedManifest.EMBEDDINGS))) {
            // an attempt stopped between moving its matrix and writing embed.json: the part is redone whole
            FileTrees.deleteTree(dir);
        }
        long startedAt = EmbedJob.unfinishedTexts(dir);
        TextEmbedder embedder = TextEmbedder.open(ModelFolder.open(Path.of(modelDir), lowerCase, null),
                Pooling.parse(pooling), layers, maxSeqLength, stride, batch);
        InputSpec spec = new InputSpec(Path.of(input), kind, field, idField, categories);
        int attempt = attempt();
        AtomicLong groups = new AtomicLong();
        EmbedManifest m = EmbedJob.run(embedder, spec, dir, true, bufferTexts, range, (b, t, n, w) -> {
            groups.incrementAndGet();
            if (hook != null) {
                hook.afterGroup(part, attempt, n);
            }
        });
        return new Result(part, false, startedAt, groups.get(), m.rows());
    }

    private static int attempt() {
        TaskContext context = TaskContext.get();
        return context == null ? 0 : context.attemptNumber();
    }

    /** The folder of part {@code index} under a run's parts folder. */
    static Path folder(Path partsRoot, int index) {
        return partsRoot.resolve(String.format(java.util.Locale.ROOT, "part-%05d", index));
    }
}
