package org.clinicalbert.workbench.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.BertWeights;
import org.clinicalbert.workbench.model.SequenceClassifierHead;
import org.clinicalbert.workbench.model.BertConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Hugging Face fixtures of tools/hf/make_hf_fixtures.py (src/test/resources/hf) and helpers on them. */
public final class HfFixtures {

    public static final Path DIR = Path.of("src/test/resources/hf");
    public static final Path BIN = DIR.resolve("tiny-bin");
    public static final Path LEGACY = DIR.resolve("tiny-legacy");
    public static final Path SAFETENSORS = DIR.resolve("tiny-safetensors");
    public static final Path SHARDED = DIR.resolve("tiny-sharded");
    /** The float64 torch reference's outputs agree with the float32 graph to this. */
    public static final double TOL = 1e-4;

    private HfFixtures() {
    }

    public static JsonNode golden() {
        try {
            return new ObjectMapper().readTree(DIR.resolve("golden.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static INDArray matrix(JsonNode rows, DataType type) {
        int r = rows.size();
        int c = rows.get(0).size();
        double[][] v = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                v[i][j] = rows.get(i).get(j).asDouble();
            }
        }
        return Nd4j.createFromArray(v).castTo(type);
    }

    /** Every element of {@code actual} within {@link #TOL} of the nested JSON array {@code expected}. */
    public static void assertClose(JsonNode expected, INDArray actual, String what) {
        double[] flat = actual.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        double[] want = Stream.of(expected).flatMapToDouble(HfFixtures::flatten).toArray();
        assertEquals(want.length, flat.length, what + ": size");
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(want[i] - flat[i]));
        }
        assertTrue(worst <= TOL, what + ": max |diff| " + worst + " > " + TOL);
    }

    private static java.util.stream.DoubleStream flatten(JsonNode n) {
        return n.isArray() ? java.util.stream.StreamSupport.stream(n.spliterator(), false)
                .flatMapToDouble(HfFixtures::flatten) : java.util.stream.DoubleStream.of(n.asDouble());
    }

    /** The pooled output, sequence output and classifier logits of {@code weights} on the golden inputs. */
    public static Map<String, INDArray> forward(BertConfig config, Map<String, INDArray> weights, int labels) {
        JsonNode in = golden().get("inputs");
        BertGraph g = BertGraph.build(config, BertGraph.Mode.INFERENCE);
        SequenceClassifierHead.attach(g, labels);
        BertWeights.load(g, weights, Path.of("weights"), 1);
        Map<String, INDArray> feed = new java.util.HashMap<>(g.feed(matrix(in.get("input_ids"), DataType.INT32),
                matrix(in.get("token_type_ids"), DataType.INT32), matrix(in.get("input_mask"), DataType.INT32)));
        int batch = in.get("input_ids").size();
        feed.put(SequenceClassifierHead.LABELS, Nd4j.zeros(DataType.INT32, batch));
        return g.output(feed, BertGraph.SEQUENCE_OUTPUT, BertGraph.POOLED_OUTPUT,
                SequenceClassifierHead.LOGITS);
    }

    /** The two maps hold the same names with bit-identical values. */
    public static void assertSameTensors(Map<String, INDArray> expected, Map<String, INDArray> actual) {
        assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(actual.keySet()));
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name).shape(), actual.get(name).shape(), name);
            assertArrayEquals(expected.get(name).castTo(DataType.FLOAT).reshape(-1).toFloatVector(),
                    actual.get(name).castTo(DataType.FLOAT).reshape(-1).toFloatVector(), 0f, name);
        }
    }

    /** A copy of a fixture folder to edit. */
    public static Path copy(Path fixture, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}
