package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.io.StrictUtf8;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.clinicalbert.workbench.data.features.NerWindow;
import org.clinicalbert.workbench.data.features.NerWindowEncoder;
import org.clinicalbert.workbench.data.features.PairFeatures;
import org.clinicalbert.workbench.data.features.SentencePairEncoder;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.train.BertTaskModel;
import org.clinicalbert.workbench.train.FeatureBatches;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

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

    private static final ObjectMapper JSON = new ObjectMapper();
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

    /** {@code runDir}: a run (or fold) folder holding model/ and config.yaml, or the model/ folder itself. */
    public static Predictor open(Path runDir) throws IOException {
        Path modelDir = Files.isDirectory(runDir.resolve("model")) ? runDir.resolve("model") : runDir;
        Path labelsFile = modelDir.resolve("labels.json");
        if (!Files.exists(labelsFile)) {
            throw new InputFormatException(labelsFile, null, "not a fine-tuned run: labels.json not found "
                    + "(give a results run folder written by `workbench run`)");
        }
        JsonNode l = JSON.readTree(labelsFile.toFile());
        BertTaskModel.Kind kind = BertTaskModel.Kind.valueOf(l.path("kind").asText());
        List<String> labels = new ArrayList<>();
        l.path("labels").forEach(n -> labels.add(n.asText()));
        ModelFolder folder = ModelFolder.open(modelDir, false);
        int maxSeq = maxSeqLength(modelDir, folder);
        BertTaskModel model = BertTaskModel.create(kind, folder.config(), labels.size(), 0.0, folder.readWeights(),
                folder.checkpointPrefix(), 0);
        return new Predictor(model, labels, folder, maxSeq);
    }

    /** The run's max_seq_length from its resolved config, else the position table's size. */
    private static int maxSeqLength(Path modelDir, ModelFolder folder) throws IOException {
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

    /** Predictions for every record of {@code input}, in order. */
    public List<Map<String, Object>> predict(Path input) throws IOException {
        List<String> lines = readLines(input);
        return model.kind() == BertTaskModel.Kind.SEQUENCE ? classify(input, lines) : tag(lines);
    }

    private static List<String> readLines(Path input) throws IOException {
        if (!Files.exists(input)) {
            throw new InputFormatException(input, null, "input file not found");
        }
        return StrictUtf8.readAllLines(input);
    }

    /** One NLI input line: a MedNLI-style JSON object or premise TAB hypothesis. */
    record PairLine(String pairId, String sentence1, String sentence2) {
    }

    /** Parses one non-blank NLI input line; anything but a sentence pair is an error naming the line. */
    static PairLine pairLine(Path input, int lineNumber, String line) {
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
        if (parts.length != 2) {
            throw new InputFormatException(input, where, "expected premise<TAB>hypothesis, found "
                    + (parts.length - 1) + " TAB(s) (or a JSON object with sentence1 and sentence2)");
        }
        return new PairLine(null, parts[0], parts[1]);
    }

    private List<Map<String, Object>> classify(Path input, List<String> lines) throws IOException {
        SentencePairEncoder encoder = new SentencePairEncoder(folder.tokenizer(), maxSeqLength);
        List<Map<String, Object>> records = new ArrayList<>();
        List<PairFeatures> features = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> rec = new LinkedHashMap<>();
            PairLine pair = pairLine(input, i + 1, line);
            if (pair.pairId() != null) {
                rec.put("pairID", pair.pairId());
            }
            String a = pair.sentence1();
            String b = pair.sentence2();
            rec.put("line", i + 1);
            rec.put("sentence1", a);
            rec.put("sentence2", b);
            records.add(rec);
            features.add(encoder.encode(a, b));
        }
        for (int start = 0; start < features.size(); start += BATCH) {
            List<PairFeatures> chunk = features.subList(start, Math.min(features.size(), start + BATCH));
            INDArray logits = model.predict(FeatureBatches.pairs(chunk, null)).get("logits");
            INDArray probs = Transforms.softmax(logits, true);
            for (int r = 0; r < chunk.size(); r++) {
                Map<String, Object> rec = records.get(start + r);
                rec.put("predicted_label", labels.get(probs.getRow(r).argMax().getInt(0)));
                Map<String, Double> p = new LinkedHashMap<>();
                for (int k = 0; k < labels.size(); k++) {
                    p.put(labels.get(k), probs.getDouble(r, k));
                }
                rec.put("probabilities", p);
            }
        }
        return records;
    }

    private List<Map<String, Object>> tag(List<String> lines) {
        NerWindowEncoder encoder = new NerWindowEncoder(folder.tokenizer(), maxSeqLength);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<String> words = List.of(lines.get(i).trim().split("\\s+"));
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> tags = new ArrayList<>();
            List<NerWindow> windows = encoder.encode(words, null);
            for (int start = 0; start < windows.size(); start += BATCH) {
                List<NerWindow> chunk = windows.subList(start, Math.min(windows.size(), start + BATCH));
                INDArray logits = model.predict(FeatureBatches.windows(chunk)).get("logits");
                long t = chunk.stream().mapToInt(NerWindow::length).max().orElse(1);
                for (int r = 0; r < chunk.size(); r++) {
                    for (int pos : chunk.get(r).wordPositions()) {
                        tags.add(labels.get(logits.getRow(r * t + pos).argMax().getInt(0)));
                    }
                }
            }
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("line", i + 1);
            rec.put("words", words);
            rec.put("tags", tags);
            rec.put("entities", entities(words, tags));
            records.add(rec);
        }
        return records;
    }

    /** Entities as conlleval reads BIO: a B- or a type change starts one, an I- of the same type continues it. */
    static List<Map<String, Object>> entities(List<String> words, List<String> tags) {
        List<Map<String, Object>> out = new ArrayList<>();
        int start = -1;
        String type = null;
        for (int i = 0; i <= tags.size(); i++) {
            String tag = i < tags.size() ? tags.get(i) : "O";
            String t = tag.length() > 2 ? tag.substring(2) : null;
            boolean continues = tag.startsWith("I-") && t.equals(type);
            if (type != null && !continues) {
                out.add(Map.of("type", type, "start_word", start, "end_word", i - 1,
                        "text", String.join(" ", words.subList(start, i))));
                type = null;
            }
            if (t != null && !continues) {
                start = i;
                type = t;
            }
        }
        return out;
    }
}
