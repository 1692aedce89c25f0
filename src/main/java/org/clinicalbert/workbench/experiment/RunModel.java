package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.modelfolder.FineTunedHead;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.ThreadPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The model a run fine-tunes: its folder opened and checked against the config (layout, casing, tokenizer,
 * {@code max_seq_length} within its position embeddings), the thread count its size wants, and its weights, read
 * once per run and shared by every fold.
 */
record RunModel(ModelFolder folder, Map<String, INDArray> weights) {

    private static final Logger log = LoggerFactory.getLogger(RunModel.class);

    static RunModel load(RunContext context) {
        RunContext.ModelSource source = context.model();
        ModelFolder folder = ModelFolder.open(source.dir(), null, source.registryLowerCase());
        log.info("model {}: {}, tokenizer {}", source.dir(), folder.layout().description(), folder.casing().describe());
        // a fine-tuned run's model continues only as a model of its own kind (its head would load as the other's)
        FineTunedHead.of(folder).ifPresent(h -> h.requireKind(
                context.config().task().isNer() ? FineTunedHead.TOKEN : FineTunedHead.SEQUENCE,
                context.config().task().id()));
        int maxSeq = context.config().model().maxSeqLength();
        if (maxSeq > folder.config().maxPositionEmbeddings()) {
            throw new UserInputException("model.max_seq_length " + maxSeq + " exceeds the model's "
                    + "max_position_embeddings " + folder.config().maxPositionEmbeddings());
        }
        ThreadPolicy.apply(folder.config());
        return new RunModel(folder, folder.readWeights());
    }
}
