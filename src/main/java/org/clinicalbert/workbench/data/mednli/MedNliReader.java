package org.clinicalbert.workbench.data.mednli;

import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.io.StrictUtf8;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.InputFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads one MedNLI jsonl file ({@code mli_train_v1.jsonl} etc.; SNLI layout) line by line. Records whose
 * {@code gold_label} is missing or not entailment/contradiction/neutral (SNLI uses "-" for no consensus) are
 * skipped and counted, as the policy for this corpus; a line that is not a JSON object with text
 * {@code sentence1}, {@code sentence2}, {@code pairID} is an input error naming the file and line.
 */
public final class MedNliReader {

    public enum Split {
        TRAIN, DEV, TEST;

        public String fileName() {
            return "mli_" + name().toLowerCase(java.util.Locale.ROOT) + "_v1.jsonl";
        }
    }

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final int SKIP_DETAIL_LIMIT = 1000;

    private final Path file;
    private final Map<String, Integer> skippedByLabel = new TreeMap<>();
    private final List<SkippedPair> skipped = new ArrayList<>();

    public MedNliReader(Path file) {
        this.file = file;
    }

    public static MedNliReader of(Path dir, Split split) {
        return new MedNliReader(dir.resolve(split.fileName()));
    }

    public Path file() {
        return file;
    }

    /** The pairs, read lazily; close the stream to close the file. */
    public Stream<NliPair> pairs() {
        BufferedReader in;
        try {
            in = StrictUtf8.bufferedReader(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Iterator<NliPair> it = new Iterator<>() {
            int lineNo = 0;
            int records = 0;
            NliPair next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    String line;
                    try {
                        line = in.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (line == null) {
                        if (records == 0) {
                            // an empty split would train on nothing, or score 0 of 0, without a word
                            throw new InputFormatException(file, null, "no MedNLI records: the file is empty or "
                                    + "blank");
                        }
                        return false;
                    }
                    lineNo++;
                    if (!line.isBlank()) {
                        records++;
                        next = parse(line, lineNo);
                    }
                }
                return true;
            }

            @Override
            public NliPair next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                NliPair p = next;
                next = null;
                return p;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    try {
                        in.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** Reads the whole file into a list (MedNLI is small: about 11k pairs). */
    public List<NliPair> readAll() {
        try (Stream<NliPair> s = pairs()) {
            return s.toList();
        }
    }

    private NliPair parse(String line, int lineNo) {
        String where = "line " + lineNo;
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InputFormatException(file, where, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new InputFormatException(file, where, "expected a JSON object");
        }
        String s1 = text(node, "sentence1", where);
        String s2 = text(node, "sentence2", where);
        String id = text(node, "pairID", where);
        JsonNode gold = node.get("gold_label");
        String goldValue = gold == null || gold.isNull() ? null : gold.asText();
        var label = NliLabel.fromJson(goldValue);
        if (label.isEmpty()) {
            synchronized (this) {
                skippedByLabel.merge(goldValue == null ? "<missing>" : goldValue, 1, Integer::sum);
                if (skipped.size() < SKIP_DETAIL_LIMIT) {
                    skipped.add(new SkippedPair(file, lineNo, id, goldValue));
                }
            }
            return null;
        }
        return new NliPair(id, s1, s2, label.get());
    }

    private String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new InputFormatException(file, where, "field \"" + field + "\" missing or not a string");
        }
        return v.asText();
    }

    /** Skipped record counts by their gold label value ("<missing>" when absent). */
    public synchronized Map<String, Integer> skippedByLabel() {
        return Collections.unmodifiableMap(new TreeMap<>(skippedByLabel));
    }

    public synchronized int skippedCount() {
        return skippedByLabel.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The skipped records with file and line (at most the first thousand). */
    public synchronized List<SkippedPair> skipped() {
        return List.copyOf(skipped);
    }
}
