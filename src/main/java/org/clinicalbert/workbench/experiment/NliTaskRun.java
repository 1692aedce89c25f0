package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.runs.RunMetrics;

import org.clinicalbert.workbench.data.features.PairFeatures;
import org.clinicalbert.workbench.data.features.SentencePairEncoder;
import org.clinicalbert.workbench.data.mednli.NliLabel;
import org.clinicalbert.workbench.data.mednli.NliPair;
import org.clinicalbert.workbench.eval.ClassScores;
import org.clinicalbert.workbench.eval.ClassificationMetrics;
import org.clinicalbert.workbench.train.BatchPlanner;
import org.clinicalbert.workbench.train.BertTaskModel;
import org.clinicalbert.workbench.train.EpochData;
import org.clinicalbert.workbench.train.FeatureBatches;
import org.clinicalbert.workbench.train.PredictedLabels;
import org.clinicalbert.workbench.train.StepModel;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MedNLI: [CLS] premise [SEP] hypothesis [SEP] classified into entailment / contradiction / neutral. */
final class NliTaskRun implements TaskRun {

    static final List<String> LABELS = Arrays.stream(NliLabel.values()).map(NliLabel::json).toList();

    private final Encoded train;
    private final Encoded dev;
    private final Encoded test;

    private record Encoded(List<NliPair> pairs, List<PairFeatures> features, int[] labels) {
        int[] lengths() {
            return features.stream().mapToInt(PairFeatures::length).toArray();
        }
    }

    NliTaskRun(SentencePairEncoder encoder, List<NliPair> train, List<NliPair> dev, List<NliPair> test) {
        this.train = encode(encoder, train);
        this.dev = encode(encoder, dev);
        this.test = test == null ? null : encode(encoder, test);
    }

    private static Encoded encode(SentencePairEncoder encoder, List<NliPair> pairs) {
        List<PairFeatures> f = new ArrayList<>(pairs.size());
        int[] labels = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            NliPair p = pairs.get(i);
            f.add(encoder.encode(p.premise(), p.hypothesis()));
            labels[i] = p.label().ordinal();
        }
        return new Encoded(pairs, f, labels);
    }

    @Override
    public BertTaskModel.Kind kind() {
        return BertTaskModel.Kind.SEQUENCE;
    }

    @Override
    public List<String> labels() {
        return LABELS;
    }

    @Override
    public String scoreName() {
        return "accuracy";
    }

    @Override
    public int trainSize() {
        return train.pairs.size();
    }

    @Override
    public EpochData trainBatches(int microBatchSize, long seed) {
        int[] lengths = train.lengths();
        return epoch -> BatchPlanner.plan(lengths, microBatchSize, seed, epoch).stream()
                .map(idx -> FeatureBatches.pairs(pick(train.features, idx), pickLabels(train.labels, idx)))
                .toList();
    }

    @Override
    public Evaluation evaluate(StepModel model, Split split, int batchSize) {
        Encoded data = split == Split.DEV ? dev : test;
        List<String> gold = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        List<Map<String, Object>> predictions = new ArrayList<>();
        for (int[] idx : BatchPlanner.sequential(data.pairs.size(), batchSize)) {
            INDArray logits = model.predict(FeatureBatches.pairs(pick(data.features, idx), null)).get("logits");
            for (int r = 0; r < idx.length; r++) {
                NliPair p = data.pairs.get(idx[r]);
                INDArray row = logits.getRow(r);
                String label = PredictedLabels.ofRow(logits, r, LABELS);
                gold.add(p.label().json());
                predicted.add(label);
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("pairID", p.pairId());
                rec.put("gold_label", p.label().json());
                rec.put("predicted_label", label);
                rec.put("logits", row.toDoubleVector());
                predictions.add(rec);
            }
        }
        ClassificationMetrics m = ClassificationMetrics.of(gold, predicted, LABELS);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", m.accuracy());
        metrics.put("macro_f1", m.macro().f1());
        Map<String, RunMetrics.LabelScores> perClass = new LinkedHashMap<>();
        for (var e : m.perClass().entrySet()) {
            ClassScores s = e.getValue();
            perClass.put(e.getKey(), new RunMetrics.LabelScores(s.precision(), s.recall(), s.f1(), s.support()));
        }
        Map<String, Map<String, Long>> confusion = new LinkedHashMap<>();
        for (String g : LABELS) {
            Map<String, Long> row = new LinkedHashMap<>();
            for (String p : LABELS) {
                row.put(p, m.confusion().count(g, p));
            }
            confusion.put(g, row);
        }
        var details = RunMetrics.SplitDetails.classification(m.total(), m.accuracy(), perClass, confusion);
        return new Evaluation(m.accuracy(), metrics, details, predictions);
    }

    static <T> List<T> pick(List<T> items, int[] idx) {
        List<T> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(items.get(i));
        }
        return out;
    }

    private static int[] pickLabels(int[] labels, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = labels[idx[i]];
        }
        return out;
    }
}
