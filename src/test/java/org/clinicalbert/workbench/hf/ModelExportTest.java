package org.clinicalbert.workbench.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.checkpoint.TfCheckpointWriter;
import org.clinicalbert.workbench.cli.Workbench;
import org.clinicalbert.workbench.export.ModelExport;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.ModelLayout;
import org.clinicalbert.workbench.predict.Predictor;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips between the two layouts and the exported folder's contents. */
class ModelExportTest {

    private static final Path TINY_TF = Path.of("src/test/resources/tiny-bert");

    @Test
    void tfPretrainingFolderToHfAndBackGivesIdenticalTensorsAndOutputs(@TempDir Path dir) throws IOException {
        Map<String, INDArray> tf = ModelFolder.open(TINY_TF).readWeights();
        Path hf = dir.resolve("hf");
        ModelExport.Result r = ModelExport.export(TINY_TF, ModelExport.Format.HF, hf);
        assertEquals(ModelExport.Kind.PRETRAINING, r.kind());
        JsonNode config = new ObjectMapper().readTree(hf.resolve("config.json").toFile());
        assertEquals("BertForPreTraining", config.get("architectures").get(0).asText());
        // google's tanh GELU is transformers' gelu_new
        assertEquals("gelu_new", config.get("hidden_act").asText());
        ModelFolder back = ModelFolder.open(hf);
        assertEquals(ModelLayout.HUGGING_FACE, back.layout());
        assertEquals(ModelFolder.open(TINY_TF).config(), back.config());
        HfFixtures.assertSameTensors(tf, back.readWeights());
        // dense weights are stored [out, in] under transformers' names
        List<RawTensor> raw = SafeTensors.read(hf.resolve("model.safetensors"));
        RawTensor ff = raw.stream().filter(t -> t.name().equals("bert.encoder.layer.0.intermediate.dense.weight"))
                .findFirst().orElseThrow();
        assertArrayEquals(new long[]{64, 32}, ff.shape());
        assertEquals(tf.get("bert/encoder/layer_0/intermediate/dense/kernel").getFloat(3, 5),
                ff.toFloat().getFloat(5, 3), 0f);

        Path tfAgain = dir.resolve("tf");
        ModelExport.export(hf, ModelExport.Format.TF, tfAgain);
        assertEquals(ModelLayout.TENSORFLOW, ModelFolder.open(tfAgain).layout());
        HfFixtures.assertSameTensors(tf, ModelFolder.open(tfAgain).readWeights());
    }

    @Test
    void hfClassifierToTfAndBackReproducesTheReferenceFileAndPredictions(@TempDir Path dir) throws IOException {
        Path tf = dir.resolve("tf");
        ModelExport.export(HfFixtures.SAFETENSORS, ModelExport.Format.TF, tf);
        assertTrue(Files.exists(tf.resolve("labels.json")));
        Path hf = dir.resolve("hf");
        ModelExport.Result r = ModelExport.export(tf, ModelExport.Format.HF, hf);
        assertEquals(ModelExport.Kind.SEQUENCE, r.kind());
        assertEquals(List.of("contradiction", "entailment", "neutral"), r.labels());
        // every exported tensor equals the one the reference script wrote, bit for bit
        Map<String, RawTensor> reference = new LinkedHashMap<>();
        SafeTensors.read(HfFixtures.SAFETENSORS.resolve("model.safetensors")).forEach(t -> reference.put(t.name(), t));
        List<RawTensor> exported = SafeTensors.read(hf.resolve("model.safetensors"));
        assertEquals(reference.keySet().stream().filter(n -> !n.startsWith("cls.")).sorted().toList(),
                exported.stream().map(RawTensor::name).sorted().toList());
        for (RawTensor t : exported) {
            assertArrayEquals(reference.get(t.name()).shape(), t.shape(), t.name());
            assertEquals(reference.get(t.name()).data(), t.data(), t.name());
        }
        JsonNode config = new ObjectMapper().readTree(hf.resolve("config.json").toFile());
        assertEquals("BertForSequenceClassification", config.get("architectures").get(0).asText());
        assertEquals("neutral", config.get("id2label").get("2").asText());
        assertEquals(1, config.get("label2id").get("entailment").asInt());
        assertFalse(new ObjectMapper().readTree(hf.resolve("tokenizer_config.json").toFile())
                .get("do_lower_case").asBoolean());
        assertTrue(Files.readString(hf.resolve("README.md")).contains("contradiction, entailment, neutral"));

        // the three folders predict the same
        Path input = dir.resolve("in.tsv");
        Files.writeString(input, "the patient denies chest pain\tno fever\nCT scan showed mass\tpneumonia\n");
        List<Map<String, Object>> original = Predictor.open(HfFixtures.SAFETENSORS).predict(input);
        assertEquals(original, Predictor.open(tf).predict(input));
        assertEquals(original, Predictor.open(hf).predict(input));
    }

    @Test
    void failedExportLeavesNoFolder(@TempDir Path dir) throws IOException {
        // a pretraining folder with a head variable transformers has no name for: found while writing
        Path model = HfFixtures.copy(TINY_TF, dir.resolve("model"));
        Map<String, INDArray> weights = new LinkedHashMap<>(ModelFolder.open(model).readWeights());
        weights.put("cls/predictions/extra_bias", Nd4j.zeros(DataType.FLOAT, 3));
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("model.ckpt")).toList()) {
                Files.delete(f);
            }
        }
        TfCheckpointWriter.create().write(model.resolve("model.ckpt-0"), weights, 0);
        Path out = dir.resolve("exports/hf");
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> ModelExport.export(model, ModelExport.Format.HF, out));
        assertTrue(e.getMessage().contains("variable cls/predictions/extra_bias"), e.getMessage());
        assertFalse(Files.exists(out));
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertEquals(List.of(), left.toList(), "temporary folder removed");
        }
    }

    @Test
    void commandLineExportAndItsErrors(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("hf");
        String[] r = run("export", "--run", HfFixtures.SAFETENSORS.toString(), "--format", "hf", "--out",
                out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("BertForSequenceClassification") && r[1].contains(out.toString()), r[1]);
        // user mistakes: exit 2, one line (they exited 1 before issue 24)
        r = run("export", "--run", HfFixtures.SAFETENSORS.toString(), "--format", "hf", "--out", out.toString());
        assertEquals("2", r[0], "a user mistake: exit 2");
        assertTrue(r[2].startsWith("error: " + out + ": output folder already exists"), r[2]);
        r = run("export", "--run", HfFixtures.SAFETENSORS.toString(), "--format", "onnx", "--out",
                dir.resolve("x").toString());
        assertEquals("2", r[0]);
        assertEquals("error: Invalid value for option '--format': 'onnx' is not a format: hf or tf; see "
                + "'workbench export --help'\n", r[2]);
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void modelCardNamesTaskMetricsDataHashesAndConfig(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        ModelExport.export(HfFixtures.SAFETENSORS, ModelExport.Format.TF, run.resolve("model"));
        Path data = dir.resolve("train.jsonl");
        Files.writeString(data, "abc");
        Files.writeString(run.resolve("config.yaml"), "name: card-test\ntask: mednli\ndata:\n  train: " + data
                + "\n");
        Files.writeString(run.resolve("metrics.json"), "{\"test\": {\"metrics\": {\"accuracy\": 0.75}}}");
        Path out = dir.resolve("hf");
        ModelExport.export(run, ModelExport.Format.HF, out);
        String card = Files.readString(out.resolve("README.md"));
        assertTrue(card.contains("# card-test"), card);
        assertTrue(card.contains("- task: mednli"), card);
        assertTrue(card.contains("test: accuracy 0.75"), card);
        // sha256("abc"), FIPS 180-2 example
        assertTrue(card.contains(data + "` ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), card);
        assertTrue(card.contains("```yaml\nname: card-test"), card);
        assertTrue(card.contains("hidden_act: `gelu_new`"), card);
    }

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Workbench.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int rc = cli.execute(args);
        return new String[]{Integer.toString(rc), out.toString(), err.toString()};
    }
}
