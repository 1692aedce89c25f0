package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.runs.RunMetrics;

import org.clinicalbert.workbench.data.features.NerWindow;
import org.clinicalbert.workbench.data.features.NerWindowEncoder;
import org.clinicalbert.workbench.data.ner.TaggedSentence;
import org.clinicalbert.workbench.eval.ChunkCounts;
import org.clinicalbert.workbench.eval.ClassificationMetrics;
import org.clinicalbert.workbench.eval.ConllEval;
import org.clinicalbert.workbench.eval.ConllResult;
import org.clinicalbert.workbench.eval.TagPair;
import org.clinicalbert.workbench.train.BatchPlanner;
import org.clinicalbert.workbench.train.BertTaskModel;
import org.clinicalbert.workbench.train.EpochData;
import org.clinicalbert.workbench.train.FeatureBatches;
import org.clinicalbert.workbench.train.PredictedLabels;
import org.clinicalbert.workbench.train.StepModel;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * i2b2 NER as token classification: each word's label on its first word piece; predictions are read back
 * on those pieces, so scores are on words (conlleval's entity-level exact match), never on word pieces.
 */
final class NerTaskRun implements TaskRun {

    private final List<String> tags;
    private final Encoded train;
    private final Encoded dev;
    private final Encoded test;

    /** Sentences and their windows; {@code owner[w]} is the sentence of window w. */
    private record Encoded(List<TaggedSentence> sentences, List<NerWindow> windows, int[] owner) {
    }

    NerTaskRun(NerWindowEncoder encoder, List<String> tags, List<TaggedSentence> train, List<TaggedSentence> dev,
               List<TaggedSentence> test) {
        this.tags = List.copyOf(tags);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            index.put(tags.get(i), i);
        }
        this.train = encode(encoder, index, train);
        this.dev = encode(encoder, index, dev);
        this.test = test == null ? null : encode(encoder, index, test);
    }

    private static Encoded encode(NerWindowEncoder encoder, Map<String, Integer> index, List<TaggedSentence> sentences) {
        List<NerWindow> windows = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int s = 0; s < sentences.size(); s++) {
            TaggedSentence sentence = sentences.get(s);
            int[] labels = new int[sentence.size()];
            for (int w = 0; w < labels.length; w++) {
                Integer id = index.get(sentence.tags().get(w));
                if (id == null) {
                    throw new UserInputException("document " + sentence.documentId() + ": tag '"
                            + sentence.tags().get(w) + "' is not in the label set " + index.keySet());
                }
                labels[w] = id;
            }
            for (NerWindow window : encoder.encode(sentence.words(), labels)) {
                windows.add(window);
                owner.add(s);
            }
        }
        return new Encoded(sentences, windows, owner.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public BertTaskModel.Kind kind() {
        return BertTaskModel.Kind.TOKEN;
    }

    @Override
    public List<String> labels() {
        return tags;
    }

    @Override
    public String scoreName() {
        return "f1";
    }

    @Override
    public int trainSize() {
        return train.windows.size();
    }

    @Override
    public EpochData trainBatches(int microBatchSize, long seed) {
        int[] lengths = train.windows.stream().mapToInt(NerWindow::length).toArray();
        return epoch -> BatchPlanner.plan(lengths, microBatchSize, seed, epoch).stream()
                .map(idx -> FeatureBatches.windows(NliTaskRun.pick(train.windows, idx)))
                .toList();
    }

    @Override
    public Evaluation evaluate(StepModel model, Split split, int batchSize) {
        Encoded data = split == Split.DEV ? dev : test;
        List<List<String>> predicted = new ArrayList<>();
        for (TaggedSentence s : data.sentences) {
            predicted.add(new ArrayList<>(s.size()));
        }
        for (int[] idx : BatchPlanner.sequential(data.windows.size(), batchSize)) {
            List<NerWindow> batch = NliTaskRun.pick(data.windows, idx);
            INDArray logits = model.predict(FeatureBatches.windows(batch)).get("logits");
            List<List<String>> windowTags = PredictedLabels.ofWords(logits, batch, tags);
            for (int r = 0; r < idx.length; r++) {
                predicted.get(data.owner[idx[r]]).addAll(windowTags.get(r));
            }
        }
        List<List<String>> gold = data.sentences.stream().map(TaggedSentence::tags).toList();
        List<List<TagPair>> pairs = ConllEval.pair(gold, predicted);
        ConllResult conll = ConllEval.evaluate(pairs);
        ClassificationMetrics tokens = ConllEval.tokenLevel(pairs);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("f1", conll.overall().f1());
        metrics.put("precision", conll.overall().precision());
        metrics.put("recall", conll.overall().recall());
        metrics.put("token_accuracy", conll.accuracy());
        Map<String, RunMetrics.EntityScores> byType = new LinkedHashMap<>();
        conll.byType().forEach((type, c) -> byType.put(type, counts(c)));
        var micro = tokens.micro(java.util.Set.of("O"));
        var details = RunMetrics.SplitDetails.entities(data.sentences.size(), conll.tokens(), counts(conll.overall()),
                byType, conll.macroF1(), conll.accuracy(),
                new RunMetrics.LabelScores(micro.precision(), micro.recall(), micro.f1(), null));
        List<Map<String, Object>> predictions = new ArrayList<>();
        for (int s = 0; s < data.sentences.size(); s++) {
            TaggedSentence sentence = data.sentences.get(s);
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("document", sentence.documentId());
            rec.put("words", sentence.words());
            rec.put("gold", sentence.tags());
            rec.put("predicted", predicted.get(s));
            predictions.add(rec);
        }
        return new Evaluation(conll.overall().f1(), metrics, details, predictions);
    }

    private static RunMetrics.EntityScores counts(ChunkCounts c) {
        return new RunMetrics.EntityScores(c.precision(), c.recall(), c.f1(), c.gold(), c.predicted(), c.correct());
    }
}
