package org.clinicalbert.workbench.tensorboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.checkpoint.TfRecordReader;
import org.junit.jupiter.api.Test;
import org.tensorflow.framework.Summary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * An event file that TensorBoard's own Python writer wrote and its EventAccumulator read back
 * (tools/tensorboard/make_golden_events.py, output in src/test/resources/tensorboard): the Java reader finds the
 * values TensorBoard found, and the Java writer's records for the same content are those bytes exactly.
 */
class EventFilesGoldenTest {

    private static final Path DIR = Path.of("src/test/resources/tensorboard");
    private static final double T0 = 1765000000.0;
    private static final String CONFIG_TEXT = "| key | value |\n|---|---|\n| train.lr | 2e-05 |\nünïcödé";

    private static JsonNode golden() throws IOException {
        return new ObjectMapper().readTree(DIR.resolve("python-written.json").toFile());
    }

    private static Path goldenFile() throws IOException {
        return DIR.resolve("python-written").resolve(golden().get("file").asText());
    }

    @Test
    void readerFindsWhatTensorBoardsAccumulatorFound() throws IOException {
        EventFiles.Contents read = EventFiles.read(goldenFile());
        assertNull(read.damagedTail());
        assertEquals(Event.FILE_VERSION, read.events().get(0).fileVersion());
        List<String> scalars = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> pluginTags = new ArrayList<>();
        for (Event e : read.events().subList(1, read.events().size())) {
            for (Summary.Value v : e.summary().getValueList()) {
                if (v.getValueCase() == Summary.Value.ValueCase.SIMPLE_VALUE) {
                    scalars.add(v.getTag() + "@" + e.step() + "=" + v.getSimpleValue() + " t=" + e.wallTime());
                } else if (v.getMetadata().getPluginData().getPluginName().equals("text")) {
                    texts.add(v.getTag() + "@" + e.step() + "=" + v.getTensor().getStringVal(0).toStringUtf8());
                } else {
                    pluginTags.add(v.getMetadata().getPluginData().getPluginName() + ":" + v.getTag());
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (JsonNode s : golden().get("scalars")) {
            expected.add(s.get("tag").asText() + "@" + s.get("step").asLong() + "=" + (float) s.get("value").asDouble()
                    + " t=" + s.get("wall_time").asDouble());
        }
        assertEquals(expected.stream().sorted().toList(), scalars.stream().sorted().toList());
        List<String> expectedTexts = new ArrayList<>();
        golden().get("texts").forEach(t -> expectedTexts.add(t.get("tag").asText() + "@" + t.get("step").asLong() + "="
                + t.get("text").asText()));
        assertEquals(expectedTexts, texts);
        List<String> expectedPlugin = new ArrayList<>();
        golden().get("hparams").fieldNames().forEachRemaining(tag -> expectedPlugin.add("hparams:" + tag));
        assertEquals(expectedPlugin.stream().sorted().toList(), pluginTags.stream().sorted().toList());
    }

    @Test
    void writerEncodesEachEventAsTensorBoardDoes() throws IOException {
        List<Summary> summaries = new ArrayList<>(List.of(
                HParamsRecords.experiment(List.of(
                        new HParamsRecords.HParam("train.lr", List.of(2e-5, 3e-5)),
                        new HParamsRecords.HParam("model.init", List.of("tiny-demo"))), List.of("dev/accuracy"), T0),
                HParamsRecords.sessionStart(Map.of("train.lr", 2e-5), "candidate-1", T0 + 1),
                Summaries.text("config", CONFIG_TEXT)));
        for (int step = 1; step <= 3; step++) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("train/loss", 1.0 / step);
            values.put("train/learning_rate", 2e-5 * step / 3);
            summaries.add(Summaries.scalars(values));
        }
        summaries.add(Summaries.scalar("dev/accuracy", 0.625));
        summaries.add(HParamsRecords.sessionEnd(HParamsRecords.Status.SUCCESS, T0 + 7));

        JsonNode events = golden().get("events");
        assertEquals(events.size(), summaries.size());
        try (TfRecordReader records = new TfRecordReader(goldenFile())) {
            // TensorBoard's first record also names its writer (source_metadata, which the reader skips)
            assertEquals(Event.FILE_VERSION, Event.decode(records.next()).fileVersion());
            for (int i = 0; i < summaries.size(); i++) {
                JsonNode e = events.get(i);
                byte[] ours = Event.summary(e.get("wall_time").asDouble(), e.get("step").asLong(), summaries.get(i))
                        .encode();
                assertArrayEquals(records.next(), ours, "event " + (i + 1));
            }
            assertNull(records.next());
        }
    }
}
