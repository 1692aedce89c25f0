package org.clinicalbert.workbench.hf;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.ModelLayout;
import org.clinicalbert.workbench.model.BertConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hugging Face folders against tools/hf/make_hf_fixtures.py: the tensors each weights format yields under google's
 * names (checked against the reference's own hand-written mapping), and the model's outputs against a float64
 * torch forward in transformers' conventions.
 */
class HfImportGoldenTest {

    private static final JsonNode GOLDEN = HfFixtures.golden();

    @Test
    void everyWeightsFormatYieldsTheReferenceTensorsUnderGoogleNames() throws IOException {
        Map<String, INDArray> safetensors = ModelFolder.open(HfFixtures.SAFETENSORS).readWeights();
        JsonNode checks = GOLDEN.get("tf_tensors");
        assertEquals(checks.size(), safetensors.size(), safetensors.keySet().toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = checks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            INDArray t = safetensors.get(e.getKey());
            assertTrue(t != null, "missing " + e.getKey());
            List<Long> shape = new java.util.ArrayList<>();
            e.getValue().get("shape").forEach(n -> shape.add(n.asLong()));
            assertEquals(shape, java.util.Arrays.stream(t.shape()).boxed().toList(), e.getKey());
            double[] flat = t.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
            for (int i = 0; i < e.getValue().get("first").size(); i++) {
                assertEquals(e.getValue().get("first").get(i).asDouble(), flat[i], 1e-7, e.getKey() + "[" + i + "]");
            }
            assertEquals(e.getValue().get("last").asDouble(), flat[flat.length - 1], 1e-7, e.getKey());
            assertEquals(e.getValue().get("sum").asDouble(), java.util.Arrays.stream(flat).sum(), 1e-4, e.getKey());
        }
        // legacy gamma/beta names, the tied decoder and an int64 buffer; torch's old format; shards
        HfFixtures.assertSameTensors(safetensors, ModelFolder.open(HfFixtures.BIN).readWeights());
        HfFixtures.assertSameTensors(safetensors, ModelFolder.open(HfFixtures.LEGACY).readWeights());
        HfFixtures.assertSameTensors(safetensors, ModelFolder.open(HfFixtures.SHARDED).readWeights());
    }

    @Test
    void layoutAndConfigAreReadFromTheFolder() {
        ModelFolder f = ModelFolder.open(HfFixtures.SAFETENSORS);
        assertEquals(ModelLayout.HUGGING_FACE, f.layout());
        assertEquals(new BertConfig(84, 32, 2, 4, 64, BertConfig.GELU_TANH, 0.1, 0.1, 32, 2, 0.02), f.config());
        assertEquals(List.of("contradiction", "entailment", "neutral"), f.labels());
        assertEquals(BertConfig.GELU_ERF, ModelFolder.open(HfFixtures.BIN).config().hiddenAct());
        assertEquals(HfFixtures.SAFETENSORS.resolve("model.safetensors"), f.weightsSource());
    }

    @Test
    void tanhGeluModelMatchesTheReferenceForward() {
        ModelFolder f = ModelFolder.open(HfFixtures.SAFETENSORS);
        assertEquals("gelu_new", HfConfig.load(HfFixtures.SAFETENSORS.resolve("config.json")).hfHiddenAct());
        assertMatches(GOLDEN.get("outputs").get("gelu_new"), f.config(), f.readWeights());
    }

    /** transformers' "gelu" is the erf form: {@code 0.5 x (1 + erf(x / sqrt 2))}. */
    @Test
    void erfGeluModelMatchesTheReferenceForward() {
        ModelFolder f = ModelFolder.open(HfFixtures.BIN);
        assertMatches(GOLDEN.get("outputs").get("gelu"), f.config(), f.readWeights());
    }

    @Test
    void theTwoGeluFormsDifferByMoreThanTheTolerance() {
        // so that the two golden sets really tell the activations apart
        JsonNode erf = GOLDEN.get("outputs").get("gelu").get("pooled_output");
        JsonNode tanh = GOLDEN.get("outputs").get("gelu_new").get("pooled_output");
        double worst = 0;
        for (int i = 0; i < erf.size(); i++) {
            for (int j = 0; j < erf.get(i).size(); j++) {
                worst = Math.max(worst, Math.abs(erf.get(i).get(j).asDouble() - tanh.get(i).get(j).asDouble()));
            }
        }
        assertTrue(worst > 5 * HfFixtures.TOL, "max difference " + worst);
    }

    static void assertMatches(JsonNode expected, BertConfig config, Map<String, INDArray> weights) {
        Map<String, INDArray> out = HfFixtures.forward(config, weights, 3);
        HfFixtures.assertClose(expected.get("pooled_output"), out.get("bert/pooled_output"), "pooled output");
        HfFixtures.assertClose(expected.get("logits"), out.get("classifier/logits"), "classifier logits");
        // padding positions of row 2 are computed but meaningless in both implementations: compare all the same,
        // since both use the same additive mask
        HfFixtures.assertClose(expected.get("sequence_output"), out.get("bert/sequence_output"), "sequence output");
    }

    @Test
    void halfAndBfloat16AreWidenedToFloat32() throws IOException {
        JsonNode want = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                HfFixtures.DIR.resolve("dtypes.json").toFile());
        List<RawTensor> tensors = SafeTensors.read(HfFixtures.DIR.resolve("dtypes.safetensors"));
        assertEquals(3, tensors.size());
        for (RawTensor t : tensors) {
            JsonNode w = want.get(t.name());
            assertEquals(w.get("dtype").asText(), t.dtype().name());
            float[] got = t.toFloat().reshape(-1).toFloatVector();
            for (int i = 0; i < got.length; i++) {
                // the reference's values are exactly representable: widening is exact
                assertEquals((float) w.get("values").get(i).asDouble(), got[i], 0f, t.name() + "[" + i + "]");
            }
        }
    }

    @Test
    void tfFolderStillOpensAsTensorflow(@TempDir Path dir) throws IOException {
        assertEquals(ModelLayout.TENSORFLOW, ModelFolder.open(Path.of("src/test/resources/tiny-bert")).layout());
        // config.json without weights is no Hugging Face folder
        Path half = HfFixtures.copy(Path.of("src/test/resources/tiny-bert"), dir.resolve("m"));
        Files.writeString(half.resolve("config.json"), "{}");
        assertEquals(ModelLayout.TENSORFLOW, ModelFolder.open(half).layout());
    }
}
