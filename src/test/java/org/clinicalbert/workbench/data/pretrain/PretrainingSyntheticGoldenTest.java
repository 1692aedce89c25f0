package org.clinicalbert.workbench.data.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bigger corpora (60-90 documents of up to 30 sentences, max_seq_length 128): both sides draw the same corpus
 * from CPython's random with the same seed, google's create_training_instances made the instances, and the
 * SHA-256 of their canonical text must match ours (tools/golden/pretraining_golden.py, SYNTHETIC_CASES).
 */
class PretrainingSyntheticGoldenTest {

    /** Mirrors synthetic_documents() in the golden tool. */
    static List<List<List<String>>> syntheticDocuments(long seed, List<String> vocabWords) {
        PythonRandom g = new PythonRandom(seed);
        List<List<List<String>>> docs = new ArrayList<>();
        int documents = g.randint(60, 90);
        for (int d = 0; d < documents; d++) {
            List<List<String>> doc = new ArrayList<>();
            int sentences = g.randint(1, 30);
            for (int s = 0; s < sentences; s++) {
                int n = g.randint(1, 60);
                List<String> sentence = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    sentence.add(vocabWords.get(g.randint(5, vocabWords.size() - 1)));
                }
                doc.add(sentence);
            }
            docs.add(doc);
        }
        return docs;
    }

    static String canonical(List<TrainingInstance> instances, PretrainingVocab vocab) {
        StringBuilder sb = new StringBuilder();
        for (TrainingInstance t : instances) {
            StringJoiner tokens = new StringJoiner(" ");
            for (int id : t.tokenIds()) {
                tokens.add(vocab.word(id));
            }
            StringJoiner segments = new StringJoiner(" ");
            for (int s : t.segmentIds()) {
                segments.add(Integer.toString(s));
            }
            StringJoiner positions = new StringJoiner(" ");
            for (int p : t.maskedLmPositions()) {
                positions.add(Integer.toString(p));
            }
            StringJoiner labels = new StringJoiner(" ");
            for (int id : t.maskedLmLabelIds()) {
                labels.add(vocab.word(id));
            }
            sb.append(tokens).append('|').append(segments).append('|').append(t.isRandomNext() ? 1 : 0).append('|')
                    .append(positions).append('|').append(labels).append('\n');
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"synthetic-default", "synthetic-wwm", "synthetic-short"})
    void matchesGoogleOnBiggerCorpora(String name) throws Exception {
        JsonNode c;
        try (InputStream in = getClass().getResourceAsStream("/pretrain/synthetic.json")) {
            c = new ObjectMapper().readTree(in).get("cases").get(name);
        }
        PretrainingVocab vocab = GoldenPretrainingData.load("default").vocab;
        List<List<List<String>>> docs = syntheticDocuments(c.get("corpus_seed").asLong(), vocab.words());
        assertEquals(c.get("documents").asInt(), docs.size());
        assertEquals(c.get("sentences").asInt(), docs.stream().mapToInt(List::size).sum());

        JsonNode k = c.get("config");
        PretrainingConfig config = new PretrainingConfig(k.get("max_seq_length").asInt(),
                k.get("max_predictions_per_seq").asInt(), k.get("masked_lm_prob").asDouble(), k.get("dupe_factor").asInt(),
                k.get("short_seq_prob").asDouble(), k.get("random_seed").asLong(), k.get("do_whole_word_mask").asBoolean());
        List<TrainingInstance> instances = new PretrainingInstanceCreator(config, vocab).createFromTokens(docs);
        String text = canonical(instances, vocab);
        assertEquals(c.get("instances").asInt(), instances.size());
        assertEquals(c.get("first").asText(), text.substring(0, text.indexOf('\n')));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(c.get("sha256").asText(), sha);
    }
}
