package org.clinicalbert.workbench.data.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The golden dumps of google's create_training_instances (tools/golden/pretraining_golden.py). */
public final class GoldenPretrainingData {

    public final JsonNode root;
    public final PretrainingConfig config;
    public final PretrainingVocab vocab;
    public final List<List<List<String>>> documents;

    private GoldenPretrainingData(JsonNode root) {
        this.root = root;
        JsonNode c = root.get("config");
        this.config = new PretrainingConfig(c.get("max_seq_length").asInt(), c.get("max_predictions_per_seq").asInt(),
                c.get("masked_lm_prob").asDouble(), c.get("dupe_factor").asInt(), c.get("short_seq_prob").asDouble(),
                c.get("random_seed").asLong(), c.get("do_whole_word_mask").asBoolean());
        this.vocab = new PretrainingVocab(strings(root.get("vocab_words")));
        this.documents = new ArrayList<>();
        for (JsonNode doc : root.get("documents")) {
            List<List<String>> sentences = new ArrayList<>();
            doc.forEach(s -> sentences.add(strings(s)));
            documents.add(sentences);
        }
    }

    public static GoldenPretrainingData load(String caseName) {
        try (InputStream in = GoldenPretrainingData.class.getResourceAsStream("/pretrain/instances-" + caseName + ".json")) {
            return new GoldenPretrainingData(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Google's instances rendered like {@link #render}. */
    public List<String> expectedInstances() {
        List<String> out = new ArrayList<>();
        for (JsonNode i : root.get("instances")) {
            out.add("tokens=" + strings(i.get("tokens")) + " segment_ids=" + i.get("segment_ids")
                    + " is_random_next=" + i.get("is_random_next").asBoolean()
                    + " positions=" + i.get("masked_lm_positions") + " labels=" + strings(i.get("masked_lm_labels")));
        }
        return out;
    }

    public String render(TrainingInstance t) {
        List<String> tokens = new ArrayList<>();
        for (int id : t.tokenIds()) {
            tokens.add(vocab.word(id));
        }
        List<String> labels = new ArrayList<>();
        for (int id : t.maskedLmLabelIds()) {
            labels.add(vocab.word(id));
        }
        StringBuilder seg = new StringBuilder("[");
        int[] s = t.segmentIds();
        for (int k = 0; k < s.length; k++) {
            seg.append(k == 0 ? "" : ",").append(s[k]);
        }
        StringBuilder pos = new StringBuilder("[");
        int[] p = t.maskedLmPositions();
        for (int k = 0; k < p.length; k++) {
            pos.append(k == 0 ? "" : ",").append(p[k]);
        }
        return "tokens=" + tokens + " segment_ids=" + seg + "]" + " is_random_next=" + t.isRandomNext()
                + " positions=" + pos + "]" + " labels=" + labels;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** google's instances rebuilt from the golden JSON, not from our creator. */
    public List<TrainingInstance> instances(int limit) {
        List<TrainingInstance> out = new ArrayList<>();
        for (JsonNode i : root.get("instances")) {
            if (out.size() == limit) {
                break;
            }
            int[] tokens = GoldenPretrainingData.strings(i.get("tokens")).stream().mapToInt(vocab::id).toArray();
            int segmentA = 0;
            for (JsonNode s : i.get("segment_ids")) {
                segmentA += s.asInt() == 0 ? 1 : 0;
            }
            int[] positions = new int[i.get("masked_lm_positions").size()];
            for (int k = 0; k < positions.length; k++) {
                positions[k] = i.get("masked_lm_positions").get(k).asInt();
            }
            int[] labels = GoldenPretrainingData.strings(i.get("masked_lm_labels")).stream().mapToInt(vocab::id).toArray();
            out.add(new TrainingInstance(tokens, segmentA, i.get("is_random_next").asBoolean(), positions, labels));
        }
        return out;
    }
}
