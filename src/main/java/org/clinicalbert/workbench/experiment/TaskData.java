package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.data.i2b2.I2b2Corpus;
import org.clinicalbert.workbench.data.i2b2.I2b2_2014Reader;
import org.clinicalbert.workbench.data.mednli.MedNliReader;
import org.clinicalbert.workbench.data.mednli.NliPair;
import org.clinicalbert.workbench.data.ner.ConllReader;
import org.clinicalbert.workbench.data.ner.DevSplit;
import org.clinicalbert.workbench.data.ner.IssueReport;
import org.clinicalbert.workbench.data.ner.LabelSet;
import org.clinicalbert.workbench.data.ner.NerCorpusReader;
import org.clinicalbert.workbench.data.ner.TaggedSentence;
import org.clinicalbert.workbench.experiment.config.DataConfig;
import org.clinicalbert.workbench.experiment.config.Task;
import org.clinicalbert.workbench.io.SkippedRecords;
import org.clinicalbert.workbench.io.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A task's train / dev / test examples, read with the task's own reader from the config's paths (located by
 * {@link DataLocations}). A corpus without a dev set gets one carved from train by document, reproducibly by split
 * seed. Everything that can be wrong with the data (missing file, empty split, a label never seen in training)
 * fails here, before any training starts.
 */
public record TaskData<T>(List<T> train, List<T> dev, List<T> test, List<String> labels, List<String> notes) {

    private static final Logger log = LoggerFactory.getLogger(TaskData.class);
    /** Fraction of training documents held out as dev when the release has no dev set. */
    static final double DEV_FRACTION = 0.1;

    /**
     * A run's examples, read with its task's reader from the splits its context located: {@code TaskData<NliPair>}
     * for MedNLI, {@code TaskData<TaggedSentence>} for the i2b2 tasks.
     */
    static TaskData<?> of(RunContext context) {
        if (context.scoresTest() && context.data().test() == null) {
            throw new UserInputException("eval.split is test but the config names no test data");
        }
        Task task = context.config().task();
        DataConfig data = context.config().data();
        return task.isNer() ? ner(task, data, context.data()) : mednli(data, context.data());
    }

    public static TaskData<NliPair> mednli(DataConfig data) {
        return mednli(data, DataLocations.of(Task.MEDNLI, data, true));
    }

    /** MedNLI from splits already located (a run's {@link RunContext}). */
    static TaskData<NliPair> mednli(DataConfig data, DataLocations at) {
        Path train = at.train();
        Path dev = at.dev();
        Path test = at.test();
        List<String> notes = new ArrayList<>();
        List<NliPair> trainPairs = readNli(train, notes);
        List<NliPair> devPairs;
        if (dev == null && !data.devFromTrain()) {
            // MedNLI ships mli_dev_v1.jsonl: scoring on a carve of train instead is worth saying out loud
            String warning = "no MedNLI dev file (mli_dev_v1.jsonl next to " + train.getFileName() + " or data.dev): "
                    + "dev is carved from train; set data.dev_from_train: true if that is intended";
            log.warn(warning);
            notes.add("warning: " + warning);
        }
        if (dev == null) {
            Set<String> devIds = new DevSplit(data.splitSeed(), DEV_FRACTION)
                    .devIds(trainPairs.stream().map(NliPair::pairId).toList());
            devPairs = trainPairs.stream().filter(p -> devIds.contains(p.pairId())).toList();
            trainPairs = trainPairs.stream().filter(p -> !devIds.contains(p.pairId())).toList();
            notes.add("dev: " + devPairs.size() + " pairs carved from train (seed " + data.splitSeed() + ")");
        } else {
            devPairs = readNli(dev, notes);
        }
        List<NliPair> testPairs = test == null ? null : readNli(test, notes);
        TaskData<NliPair> d = new TaskData<>(trainPairs, devPairs, testPairs, NliTaskRun.LABELS, notes);
        d.check(train);
        d.checkLabelsSeen(p -> Set.of(p.label().json()), train);
        return d;
    }

    /** How many skipped records a data note names by line (the count is always whole). */
    static final int SKIPS_LOCATED = SkippedRecords.LOCATED;

    private static List<NliPair> readNli(Path file, List<String> notes) {
        MedNliReader reader = new MedNliReader(file);
        List<NliPair> pairs = reader.readAll();
        if (reader.skippedCount() > 0) {
            // located, not only counted: the user can open the file at each line and decide
            List<String> where = reader.skipped().stream().limit(SKIPS_LOCATED)
                    .map(p -> "line " + p.line() + " (" + (p.goldLabel() == null ? "no gold_label"
                            : "gold_label \"" + p.goldLabel() + "\"") + ")").toList();
            String note = file + ": skipped " + reader.skippedCount() + " record(s) without a valid gold label "
                    + reader.skippedByLabel() + ": " + String.join(", ", where)
                    + (reader.skippedCount() > where.size() ? ", ..." : "");
            log.warn(note);
            notes.add(note);
        }
        return pairs;
    }

    public static TaskData<TaggedSentence> ner(Task task, DataConfig data) {
        return ner(task, data, true);
    }

    /**
     * @param withTest false: the test set is not opened at all (test stays null), so a run that scores dev only
     *                 (a study's grid phase) cannot see it, not even to validate it
     */
    public static TaskData<TaggedSentence> ner(Task task, DataConfig data, boolean withTest) {
        return ner(task, data, DataLocations.of(task, data, withTest));
    }

    /** An i2b2 task from splits already located (a run's {@link RunContext}). */
    static TaskData<TaggedSentence> ner(Task task, DataConfig data, DataLocations at) {
        I2b2Corpus corpus = I2b2Corpus.byName(task.id()).orElseThrow(
                () -> new IllegalArgumentException("not an NER task: " + task.id()));
        Path train = at.train();
        Path dev = at.dev();
        Path test = at.test();
        List<String> notes = new ArrayList<>();
        LabelSet labels = corpus.open(train, false).labels();
        boolean conll = "conll".equals(data.format());
        Function<Path, List<TaggedSentence>> read = conll
                ? f -> ConllReader.read(f, labels)
                : f -> readCorpus(corpus, f, notes);
        List<TaggedSentence> trainSentences = read.apply(train);
        List<TaggedSentence> devSentences;
        if (dev == null) {
            Set<String> docs = trainSentences.stream().map(TaggedSentence::documentId)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            Set<String> devDocs = new DevSplit(data.splitSeed(), DEV_FRACTION).devIds(docs, splitUnit(task));
            devSentences = trainSentences.stream().filter(s -> devDocs.contains(s.documentId())).toList();
            trainSentences = trainSentences.stream().filter(s -> !devDocs.contains(s.documentId())).toList();
            notes.add("dev: " + devDocs.size() + " of " + docs.size() + " training documents held out (seed "
                    + data.splitSeed() + ")");
        } else {
            devSentences = read.apply(dev);
        }
        List<TaggedSentence> testSentences = test == null ? null : read.apply(test);
        TaskData<TaggedSentence> d = new TaskData<>(trainSentences, devSentences, testSentences, labels.bioTags(), notes);
        d.check(train);
        d.checkLabelsSeen(s -> s.tags().stream().filter(t -> !t.equals(LabelSet.OUTSIDE))
                .map(t -> t.substring(2)).collect(Collectors.toSet()), train);
        return d;
    }

    /**
     * What a dev set or a CV fold holds out whole: the patient for i2b2 2014 (records {@code PPP-RR}; the release
     * and the original notebooks keep a patient's records on one side), else the document. Splitting 2014 by
     * record would put records of training patients, with the same names and places, into dev.
     */
    public static Function<String, String> splitUnit(Task task) {
        return task == Task.I2B2_2014 ? I2b2_2014Reader::patientOf : Function.identity();
    }

    private static List<TaggedSentence> readCorpus(I2b2Corpus corpus, Path path, List<String> notes) {
        NerCorpusReader reader = corpus.open(path, false);
        List<TaggedSentence> sentences;
        try (Stream<TaggedSentence> s = reader.sentences()) {
            sentences = s.toList();
        }
        IssueReport issues = reader.issues();
        if (!issues.isEmpty()) {
            // the dropped annotations located, as MedNLI's skipped records are: file, document and line
            List<String> dropped = issues.issues().stream().filter(i -> !i.kept()).limit(SKIPS_LOCATED)
                    .map(i -> i.file() + " [" + i.documentId() + "] " + i.kind() + " " + i.detail()).toList();
            long droppedCount = issues.total() - issues.count(org.clinicalbert.workbench.data.ner.SpanIssue.Kind
                    .TEXT_MISMATCH);
            String note = path + ": " + issues.total() + " span issue(s) " + issues.counts()
                    + (dropped.isEmpty() ? "" : "; " + droppedCount + " annotation(s) dropped: "
                    + String.join(", ", dropped) + (droppedCount > dropped.size() ? ", ..." : ""));
            log.warn(note);
            notes.add(note);
        }
        return sentences;
    }

    /** No empty split, and no evaluation label the model could never have learnt. */
    private void check(Path trainFile) {
        if (train.isEmpty()) {
            throw new UserInputException("data: the training set " + trainFile + " is empty");
        }
        if (dev.isEmpty()) {
            throw new UserInputException("data: the dev set is empty");
        }
        if (test != null && test.isEmpty()) {
            throw new UserInputException("data: the test set is empty");
        }
    }

    private void checkLabelsSeen(Function<T, Set<String>> labelsOf, Path trainFile) {
        Set<String> seen = new TreeSet<>();
        train.forEach(x -> seen.addAll(labelsOf.apply(x)));
        for (var split : List.of(java.util.Map.entry("dev", dev), java.util.Map.entry("test", test == null ? List.<T>of() : test))) {
            Set<String> unseen = new TreeSet<>();
            split.getValue().forEach(x -> unseen.addAll(labelsOf.apply(x)));
            unseen.removeAll(seen);
            if (!unseen.isEmpty()) {
                throw new UserInputException("data: label(s) " + unseen + " occur in the " + split.getKey()
                        + " set but never in training (" + trainFile + ")");
            }
        }
    }
}
