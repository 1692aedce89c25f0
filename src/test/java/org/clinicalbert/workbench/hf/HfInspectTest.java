package org.clinicalbert.workbench.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code checkpoint inspect} on Hugging Face folders: the layout, the mapping, dtype conversion. */
class HfInspectTest {

    @Test
    void saysWhichLayoutItFoundAndHowNamesMap() {
        String[] r = ModelExportTest.run("checkpoint", "inspect", HfFixtures.BIN.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("layout: Hugging Face"), r[1]);
        assertTrue(r[1].contains("weights: pytorch_model.bin"), r[1]);
        assertTrue(r[1].matches("(?s).*bert\\.embeddings\\.LayerNorm\\.gamma +F32 +\\[32] +bert/embeddings/LayerNorm/gamma.*"),
                r[1]);
        assertTrue(r[1].matches("(?s).*cls\\.predictions\\.decoder\\.weight +F32 +\\[84, 32] +\\(not loaded.*"), r[1]);
        assertTrue(r[1].contains("heads: [MLM, NSP, SEQUENCE_CLASSIFIER, POOLER]"), r[1]);
        assertTrue(r[1].contains("dtype conversion: none"), r[1]);
        String[] tf = ModelExportTest.run("checkpoint", "inspect", "src/test/resources/tiny-bert");
        assertTrue(tf[1].startsWith("layout: TensorFlow checkpoint"), tf[1]);
    }

    @Test
    void bfloat16FolderIsWidenedAndInspectSaysSo(@TempDir Path dir) throws IOException {
        Path m = HfFixtures.copy(HfFixtures.SAFETENSORS, dir.resolve("m"));
        // the fixture's float32 tensors cut to bfloat16 (the upper half of each float)
        List<RawTensor> f32 = SafeTensors.read(m.resolve("model.safetensors"));
        StringBuilder header = new StringBuilder("{");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (RawTensor t : f32) {
            ByteBuffer src = t.data();
            for (int i = 0; i < src.remaining() / 4; i++) {
                int bits = src.getInt(i * 4);
                data.write((bits >>> 16) & 0xff);
                data.write((bits >>> 24) & 0xff);
            }
            header.append(header.length() > 1 ? "," : "").append('"').append(t.name()).append("\":{\"dtype\":\"BF16\","
                    + "\"shape\":").append(Arrays.toString(t.shape())).append(",\"data_offsets\":[")
                    .append(data.size() - t.numElements() * 2).append(',').append(data.size()).append("]}");
        }
        byte[] h = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data.toByteArray());
        Files.write(m.resolve("model.safetensors"), b.array());

        String[] r = ModelExportTest.run("checkpoint", "inspect", m.toString(), "--json");
        assertEquals("0", r[0], r[2]);
        JsonNode j = new ObjectMapper().readTree(r[1]);
        assertEquals("HUGGING_FACE", j.get("layout").asText());
        assertEquals("[\"BF16\"]", j.get("convertedToFloat32").toString());
        assertEquals("BF16", j.get("tensors").get(0).get("dtype").asText());
        r = ModelExportTest.run("checkpoint", "inspect", m.toString());
        assertTrue(r[1].contains("dtype conversion: [BF16] converted to float32 on load"), r[1]);

        Map<String, INDArray> full = ModelFolder.open(HfFixtures.SAFETENSORS).readWeights();
        Map<String, INDArray> half = ModelFolder.open(m).readWeights();
        INDArray a = full.get("bert/pooler/dense/kernel");
        INDArray c = half.get("bert/pooler/dense/kernel");
        for (int i = 0; i < 5; i++) {
            float want = Float.intBitsToFloat(Float.floatToRawIntBits(a.getFloat(i, 2)) & 0xffff0000);
            assertEquals(want, c.getFloat(i, 2), 0f);
        }
    }
}
