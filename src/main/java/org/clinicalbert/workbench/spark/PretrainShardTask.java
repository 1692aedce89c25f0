package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.data.pretrain.PretrainingConfig;
import org.clinicalbert.workbench.data.pretrain.PretrainingDataGenerator;
import org.clinicalbert.workbench.data.pretrain.PretrainingVocab;
import org.clinicalbert.workbench.tokenize.FullTokenizer;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * One input file of {@code pretrain-data} as a Spark task: {@link PretrainingDataGenerator#process} on the executor
 * with google's tokenizer over the vocabulary file, so the shard, its TFRecord and manifest are byte for byte the
 * local command's (each input file is its own run of google's script with the same seed), and a shard finished by
 * an earlier attempt is skipped.
 */
public record PretrainShardTask(PretrainingConfig config, String vocab, boolean doLowerCase, boolean tfrecord,
                                String input, String outDir) implements SparkTask<PretrainShardTask.Result> {

    /** @param instances instances in the shard (-1 when skipped and its manifest does not say) */
    public record Result(String input, boolean skipped, long instances) implements Serializable {
    }

    @Override
    public String describe() {
        return "pretrain-data " + Path.of(input).getFileName();
    }

    @Override
    public Result run() throws Exception {
        ExecutorPaths.require("--vocab", Path.of(vocab));
        ExecutorPaths.require("--input", Path.of(input));
        FullTokenizer t = FullTokenizer.fromVocabFile(Path.of(vocab), doLowerCase);
        PretrainingDataGenerator generator = new PretrainingDataGenerator(config,
                new PretrainingVocab(t.vocab().tokens()), t::tokenize, tfrecord);
        PretrainingDataGenerator.ShardResult r = generator.process(Path.of(input), Path.of(outDir),
                PretrainingDataGenerator.ShardProgress.NONE);
        return new Result(input, r.skipped(), r.instances());
    }
}
