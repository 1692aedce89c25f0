package org.clinicalbert.workbench.predict;

import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.ModelLayout;
import org.clinicalbert.workbench.runs.FolderStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.clinicalbert.workbench.data.features.NerWindow;
import org.clinicalbert.workbench.data.features.NerWindowEncoder;
import org.clinicalbert.workbench.data.features.PairFeatures;
import org.clinicalbert.workbench.data.features.SentencePairEncoder;
import org.clinicalbert.workbench.eval.ConllEval;
import org.clinicalbert.workbench.hf.HfConfig;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.io.Utf8Lines;
import org.clinicalbert.workbench.provenance.Provenance;
import org.clinicalbert.workbench.train.BertTaskModel;
import org.clinicalbert.workbench.train.FeatureBatches;
import org.clinicalbert.workbench.train.PredictedLabels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained run applied to new text: sentence pairs classified (MedNLI-style jsonl with sentence1 and
 * sentence2, or tab-separated premise/hypothesis lines), or sentences tagged (one sentence per line,
 * whitespace-separated words) with the entities read off the BIO tags.
 */
public final class Predictor {

    private static final Logger log = LoggerFactory.getLogger(Predictor.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final int BATCH = 32;

    private final BertTaskModel model;
    private final List<String> labels;
    private final ModelFolder folder;
    private final int maxSeqLength;

    private Predictor(BertTaskModel model, List<String> labels, ModelFolder folder, int maxSeqLength) {
        this.model = model;
        this.labels = labels;
        this.folder = folder;
        this.maxSeqLength = maxSeqLength;
    }

    /**
     * {@code runDir}: a run (or fold) folder holding model/ and config.yaml, the model/ folder itself, or a
     * Hugging Face folder with a fine-tuned {@code BertForSequenceClassification} / {@code
     * BertForTokenClassification} head and {@code id2label}.
     */
    public static Predictor open(Path runDir) throws IOException {
        FolderStatus.requireFinished(runDir);
        Path modelDir = Files.isDirectory(runDir.resolve("model")) ? runDir.resolve("model") : runDir;
        Path labelsFile = modelDir.resolve("labels.json");
        BertTaskModel.Kind kind;
        List<String> labels = new ArrayList<>();
        java.util.Optional<org.clinicalbert.workbench.modelfolder.FineTunedHead> head =
                org.clinicalbert.workbench.modelfolder.FineTunedHead.read(modelDir);
        if (head.isPresent()) {
            kind = BertTaskModel.Kind.valueOf(head.get().kind());
            labels.addAll(head.get().labels());
        } else if (Files.isRegularFile(modelDir.resolve(ModelFolder.HF_CONFIG))
                && ModelFolder.detect(modelDir) == ModelLayout.HUGGING_FACE) {
            HfConfig hf = HfConfig.load(modelDir.resolve(ModelFolder.HF_CONFIG));
            String architecture = hf.classificationArchitecture().orElseThrow(() -> new InputFormatException(
                    modelDir.resolve(ModelFolder.HF_CONFIG), "field architectures", "not a fine-tuned classifier: "
                    + "architectures " + hf.architectures() + " has neither BertForSequenceClassification nor "
                    + "BertForTokenClassification"));
            if (!hf.hasNamedLabels()) {
                throw new InputFormatException(modelDir.resolve(ModelFolder.HF_CONFIG), "field id2label",
                        "the classifier's labels are not named (id2label missing or LABEL_0, LABEL_1, ...)");
            }
            kind = BertTaskModel.Kind.valueOf(org.clinicalbert.workbench.modelfolder.FineTunedHead.kindOf(architecture));
            labels.addAll(hf.labels());
        } else {
            throw new InputFormatException(labelsFile, null, "not a fine-tuned run: labels.json not found "
                    + "(give a results run folder written by `workbench run`, or a Hugging Face classifier folder)");
        }
        ModelFolder folder = ModelFolder.open(modelDir);
        int maxSeq = maxSeqLength(modelDir, folder);
        BertTaskModel model = BertTaskModel.create(kind, folder.config(), labels.size(), 0.0, folder.readWeights(),
                folder.checkpointPrefix(), 0);
        return new Predictor(model, labels, folder, maxSeq);
    }

    /**
     * The max_seq_length the model was trained with, from its provenance.json; for a folder written before
     * provenance existed, from the run's config.yaml beside it, else the position table's size (with a message).
     */
    private static int maxSeqLength(Path modelDir, ModelFolder folder) throws IOException {
        Integer recorded = Provenance.read(modelDir).map(Provenance::maxSeqLength).orElse(null);
        if (recorded != null) {
            return recorded;
        }
        log.info("{} has no {} with max_seq_length (written by an older workbench): reading the run's config.yaml",
                modelDir, Provenance.FILE);
        for (Path c : List.of(modelDir.resolveSibling("config.yaml"), modelDir.resolve("config.yaml"))) {
            if (Files.exists(c)) {
                JsonNode n = new YAMLMapper().readTree(c.toFile()).path("model").path("max_seq_length");
                if (n.isInt()) {
                    return n.asInt();
                }
            }
        }
        return Math.min(512, folder.config().maxPositionEmbeddings());
    }

    public BertTaskModel.Kind kind() {
        return model.kind();
    }

    /** Predictions for every record of {@code input}, in order (held in memory: see the streaming overload). */
    public List<Map<String, Object>> predict(Path input) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        predict(input, out::add, Progress.NONE);
        return out;
    }

    /** Receives each prediction record, in input order. */
    @FunctionalInterface
    public interface Sink {
        void accept(Map<String, Object> record) throws IOException;
    }

    /** Told after each group of records: bytes of the input read so far, of its size, and records done. */
    @FunctionalInterface
    public interface Progress {
        void update(long bytesRead, long totalBytes, long records);

        Progress NONE = (b, t, r) -> { };
    }

    /**
     * Streams {@code input}: records are read {@value #GROUP} at a time, encoded, sorted by length into batches of
     * {@value #BATCH} (little padding), run, and handed to {@code sink} in input order, so memory does not grow
     * with the input. Malformed UTF-8 is an error naming its line.
     */
    public long predict(Path input, Sink sink, Progress progress) throws IOException {
        if (!Files.exists(input)) {
            throw new InputFormatException(input, null, "input file not found");
        }
        long total = Files.size(input);
        long records = 0;
        try (Utf8Lines lines = new Utf8Lines(input)) {
            List<String> group = new ArrayList<>(GROUP);
            List<Long> lineNumbers = new ArrayList<>(GROUP);
            boolean more = true;
            while (more) {
                group.clear();
                lineNumbers.clear();
                String line;
                while (group.size() < GROUP && (line = lines.next()) != null) {
                    if (!line.isBlank()) {
                        group.add(line);
                        lineNumbers.add(lines.lineNumber());
                    }
                }
                more = group.size() == GROUP;
                List<Map<String, Object>> out = model.kind() == BertTaskModel.Kind.SEQUENCE
                        ? classify(input, group, lineNumbers) : tag(input, group, lineNumbers);
                for (Map<String, Object> r : out) {
                    sink.accept(r);
                }
                records += out.size();
                progress.update(lines.bytesRead(), total, records);
            }
        }
        return records;
    }

    /** One NLI input line: a MedNLI-style JSON object or premise TAB hypothesis. */
    record PairLine(String pairId, String sentence1, String sentence2) {
    }

    /** A BIO tag as i2b2/CoNLL files carry them: O, B-TYPE or I-TYPE. */
    private static final java.util.regex.Pattern BIO_TAG = java.util.regex.Pattern.compile("O|[BI]-\\S+");

    /**
     * Checks one non-blank NER input line is a sentence: a sentence pair (an NLI run's input, as a JSON object or
     * premise TAB hypothesis) would otherwise be tagged word by word, braces and field names included.
     */
    static void sentenceLine(Path input, long lineNumber, String line) {
        String where = "line " + lineNumber;
        if (line.stripLeading().startsWith("{") && line.contains("\"sentence1\"")) {
            throw new InputFormatException(input, where, "a sentence pair (MedNLI jsonl), not a sentence: a tagger "
                    + "(NER run) reads one sentence per line, words separated by spaces");
        }
        if (line.indexOf('\t') >= 0 && line.split("\t", -1).length == 2
                && !BIO_TAG.matcher(line.substring(line.indexOf('\t') + 1).strip()).matches()) {
            throw new InputFormatException(input, where, "a sentence pair (premise<TAB>hypothesis), not a sentence: "
                    + "a tagger (NER run) reads one sentence per line, words separated by spaces");
        }
    }

    /** Parses one non-blank NLI input line; anything but a sentence pair is an error naming the line. */
    static PairLine pairLine(Path input, long lineNumber, String line) {
        String where = "line " + lineNumber;
        if (line.stripLeading().startsWith("{")) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new InputFormatException(input, where, "malformed JSON: " + e.getMessage());
            }
            for (String field : List.of("sentence1", "sentence2")) {
                if (!n.hasNonNull(field)) {
                    throw new InputFormatException(input, where, "no " + field + " field: an NLI model classifies "
                            + "sentence pairs");
                }
            }
            return new PairLine(n.hasNonNull("pairID") ? n.get("pairID").asText() : null,
                    n.get("sentence1").asText(), n.get("sentence2").asText());
        }
        String[] parts = line.split("\t", -1);
        if (parts.length == 2 && BIO_TAG.matcher(parts[1].strip()).matches()) {
            throw new InputFormatException(input, where, "a word and its tag (CoNLL-style tagged text), not a "
                    + "sentence pair: an NLI model classifies premise<TAB>hypothesis lines or MedNLI jsonl");
        }
        if (parts.length != 2) {
            throw new InputFormatException(input, where, "expected premise<TAB>hypothesis, found "
                    + (parts.length - 1) + " TAB(s) (or a JSON object with sentence1 and sentence2)");
        }
        return new PairLine(null, parts[0], parts[1]);
    }

    /** Records read and predicted together; the unit of memory use. */
    static final int GROUP = 1024;

    /** Indices of {@code lengths} by increasing length (stable), cut into batches of {@link #BATCH}. */
    private static List<List<Integer>> lengthSortedBatches(int[] lengths) {
        List<Integer> order = new ArrayList<>(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparingInt(i -> lengths[i]));
        List<List<Integer>> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += BATCH) {
            batches.add(order.subList(start, Math.min(order.size(), start + BATCH)));
        }
        return batches;
    }

    private List<Map<String, Object>> classify(Path input, List<String> lines, List<Long> lineNumbers) {
        SentencePairEncoder encoder = new SentencePairEncoder(folder.tokenizer(), maxSeqLength);
        List<Map<String, Object>> records = new ArrayList<>();
        List<PairFeatures> features = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            long lineNumber = lineNumbers.get(i);
            Map<String, Object> rec = new LinkedHashMap<>();
            PairLine pair = pairLine(input, lineNumber, line);
            if (pair.pairId() != null) {
                rec.put("pairID", pair.pairId());
            }
            String a = pair.sentence1();
            String b = pair.sentence2();
            rec.put("line", lineNumber);
            rec.put("sentence1", a);
            rec.put("sentence2", b);
            records.add(rec);
            features.add(encoder.encode(a, b));
        }
        int[] lengths = features.stream().mapToInt(PairFeatures::length).toArray();
        for (List<Integer> batch : lengthSortedBatches(lengths)) {
            List<PairFeatures> chunk = batch.stream().map(features::get).toList();
            INDArray logits = model.predict(FeatureBatches.pairs(chunk, null)).get("logits");
            INDArray probs = Transforms.softmax(logits, true);
            for (int r = 0; r < chunk.size(); r++) {
                Map<String, Object> rec = records.get(batch.get(r));
                // argmax of the logits: softmax keeps the order, and evaluation decodes the same way
                rec.put("predicted_label", PredictedLabels.ofRow(logits, r, labels));
                Map<String, Double> p = new LinkedHashMap<>();
                for (int k = 0; k < labels.size(); k++) {
                    p.put(labels.get(k), probs.getDouble(r, k));
                }
                rec.put("probabilities", p);
                // the raw scores too, so an export can be checked against another implementation before softmax
                Map<String, Double> l = new LinkedHashMap<>();
                for (int k = 0; k < labels.size(); k++) {
                    l.put(labels.get(k), logits.getDouble(r, k));
                }
                rec.put("logits", l);
            }
        }
        return records;
    }

    private List<Map<String, Object>> tag(Path input, List<String> lines, List<Long> lineNumbers) {
        for (int i = 0; i < lines.size(); i++) {
            sentenceLine(input, lineNumbers.get(i), lines.get(i));
        }
        NerWindowEncoder encoder = new NerWindowEncoder(folder.tokenizer(), maxSeqLength);
        List<List<String>> words = new ArrayList<>();
        List<NerWindow> windows = new ArrayList<>();
        List<int[]> owner = new ArrayList<>(); // {sentence, window index within it}
        for (int i = 0; i < lines.size(); i++) {
            List<String> w = List.of(lines.get(i).trim().split("\\s+"));
            words.add(w);
            List<NerWindow> ws = encoder.encode(w, null);
            for (int j = 0; j < ws.size(); j++) {
                windows.add(ws.get(j));
                owner.add(new int[]{i, j});
            }
        }
        // tags per sentence per window, filled batch by batch, read out in window order
        List<List<List<String>>> tags = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            tags.add(new ArrayList<>());
        }
        for (int k = 0; k < windows.size(); k++) {
            tags.get(owner.get(k)[0]).add(null);
        }
        int[] lengths = windows.stream().mapToInt(NerWindow::length).toArray();
        for (List<Integer> batch : lengthSortedBatches(lengths)) {
            List<NerWindow> chunk = batch.stream().map(windows::get).toList();
            INDArray logits = model.predict(FeatureBatches.windows(chunk)).get("logits");
            List<List<String>> windowTags = PredictedLabels.ofWords(logits, chunk, labels);
            for (int r = 0; r < chunk.size(); r++) {
                int[] o = owner.get(batch.get(r));
                tags.get(o[0]).set(o[1], windowTags.get(r));
            }
        }
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<String> sentenceTags = new ArrayList<>();
            tags.get(i).forEach(sentenceTags::addAll);
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("line", lineNumbers.get(i));
            rec.put("words", words.get(i));
            rec.put("tags", sentenceTags);
            rec.put("entities", entities(words.get(i), sentenceTags));
            records.add(rec);
        }
        return records;
    }

    /** Entities as conlleval reads BIO ({@link ConllEval#chunks}), with their words. */
    static List<Map<String, Object>> entities(List<String> words, List<String> tags) {
        return ConllEval.chunks(tags).stream().<Map<String, Object>>map(c -> Map.of("type", c.type(),
                "start_word", c.start(), "end_word", c.end(),
                "text", String.join(" ", words.subList(c.start(), c.end() + 1)))).toList();
    }
}
