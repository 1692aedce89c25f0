package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.data.features.NerWindowEncoder;
import org.clinicalbert.workbench.data.features.SentencePairEncoder;
import org.clinicalbert.workbench.data.mednli.NliPair;
import org.clinicalbert.workbench.data.ner.TaggedSentence;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.modelfolder.ModelFolder;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A run's examples ({@link TaskData}) encoded with its model's tokenizer: either one train/dev(/test) split trained
 * once, or a k-fold cross-validation whose folds are trained one by one. Which of the two a run is follows from its
 * config ({@code eval.cv_folds}, NER tasks only); the two cases replace a record whose null fields said which.
 */
sealed interface PreparedRun permits PreparedRun.SingleSplit, PreparedRun.CrossValidated {

    /** What reading (and splitting) the data did that the report should say: carved dev sets, skipped records. */
    List<String> notes();

    /** One split: the task encoded, ready to train. */
    record SingleSplit(TaskRun task, List<String> notes) implements PreparedRun {

        public SingleSplit {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Train and dev pooled and split into folds; a fold's task is encoded when the fold runs (only one fold's
     * examples are held encoded at a time).
     */
    record CrossValidated(CrossValidationSplit split, IntFunction<TaskRun> foldTasks, List<String> notes)
            implements PreparedRun {

        public CrossValidated {
            notes = List.copyOf(notes);
        }

        int k() {
            return split.k();
        }

        /** Fold {@code index} (0-based): trained on the other folds, scored on its own and on the fixed test split. */
        TaskRun fold(int index) {
            return foldTasks.apply(index);
        }
    }

    /**
     * The run's examples encoded with its model's tokenizer: one split, or (NER with {@code eval.cv_folds} of 2 or
     * more) train and dev pooled into folds.
     *
     * @param examples what {@link TaskData#of} read for {@code context}'s task
     */
    @SuppressWarnings("unchecked") // TaskData.of reads NliPair for MedNLI, TaggedSentence for every NER task
    static PreparedRun of(RunContext context, TaskData<?> examples, ModelFolder model) {
        ExperimentConfig config = context.config();
        int maxSeq = config.model().maxSeqLength();
        if (!config.task().isNer()) {
            TaskData<NliPair> d = (TaskData<NliPair>) examples;
            var encoder = new SentencePairEncoder(model.tokenizer(), maxSeq);
            return new SingleSplit(new NliTaskRun(encoder, d.train(), d.dev(), d.test()), d.notes());
        }
        TaskData<TaggedSentence> d = (TaskData<TaggedSentence>) examples;
        var encoder = new NerWindowEncoder(model.tokenizer(), maxSeq);
        Integer k = config.eval().cvFolds();
        if (k == null || k < 2) {
            return new SingleSplit(new NerTaskRun(encoder, d.labels(), d.train(), d.dev(), d.test()), d.notes());
        }
        // cross-validation over train+dev by document (by patient for i2b2 2014); the fixed test split is scored
        // by every fold's model
        CrossValidationSplit cv = CrossValidationSplit.of(d, config.task(), k, config.data().splitSeed());
        List<String> notes = new ArrayList<>(d.notes());
        notes.add(cv.note());
        return new CrossValidated(cv, fold -> new NerTaskRun(encoder, d.labels(), cv.train(fold), cv.heldOut(fold),
                d.test()), notes);
    }
}
