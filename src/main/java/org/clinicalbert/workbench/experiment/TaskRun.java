package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.train.BertTaskModel;
import org.clinicalbert.workbench.train.EpochData;
import org.clinicalbert.workbench.train.StepModel;

import java.util.List;

/** The task-specific half of a fine-tuning run: encoded examples in, batches out, predictions scored. */
interface TaskRun {

    BertTaskModel.Kind kind();

    List<String> labels();

    /** Name of the score that picks the best model: accuracy (NLI) or micro entity F1 (NER). */
    String scoreName();

    int trainSize();

    EpochData trainBatches(int microBatchSize, long seed);

    Evaluation evaluate(StepModel model, Split split, int batchSize);

    enum Split {
        DEV, TEST;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
