package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.tensorboard.Event;
import org.clinicalbert.workbench.tensorboard.EventFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.protobuf.CodedInputStream;
import org.nd4j.shade.protobuf.Value;
import org.nd4j.shade.protobuf.WireFormat;
import org.tensorflow.framework.Summary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The HParams dashboard's records of a sweep, decoded field by field by the numbers of TensorBoard's
 * plugin_data.proto and api.proto (tools/tensorboard/make_golden_events.py checks the same bytes with TensorBoard's
 * classes): the experiment names the swept keys with their grid values and the score; each candidate's session holds
 * its values, its score and its status.
 */
class SweepHParamsTest {

    @TempDir
    Path dir;

    private static final String GRID = """
            parameters:
              train.lr: [1.0e-3, 2.0e-3]
              train.epochs: [1, 2]
            score: dev.accuracy
            """;

    private static double accuracy(ExperimentConfig c) {
        if (c.train().lr() == 2e-3 && c.train().epochs() == 1) {
            throw new IllegalStateException("loss diverged");
        }
        return c.train().lr() * 100 + c.train().epochs() * 0.1;
    }

    /** A protobuf message's fields by number: varints as Long, 64-bit as Double, length-delimited as byte[]. */
    private static Map<Integer, List<Object>> fields(byte[] message) throws IOException {
        Map<Integer, List<Object>> out = new LinkedHashMap<>();
        CodedInputStream in = CodedInputStream.newInstance(message);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            Object v = switch (WireFormat.getTagWireType(tag)) {
                case WireFormat.WIRETYPE_VARINT -> in.readInt64();
                case WireFormat.WIRETYPE_FIXED64 -> in.readDouble();
                case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readByteArray();
                default -> throw new IOException("unexpected wire type in " + tag);
            };
            out.computeIfAbsent(WireFormat.getTagFieldNumber(tag), k -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static byte[] bytes(Map<Integer, List<Object>> m, int field) {
        return (byte[]) m.get(field).get(0);
    }

    private static Map<String, Summary.Value> values(Path file) throws IOException {
        Map<String, Summary.Value> out = new LinkedHashMap<>();
        for (Event e : EventFiles.read(file).events()) {
            if (e.summary() != null) {
                e.summary().getValueList().forEach(v -> out.put(v.getTag(), v));
            }
        }
        return out;
    }

    /** HParamsPluginData's field {@code field} (2 experiment, 3 session start, 4 session end), decoded. */
    private static Map<Integer, List<Object>> plugin(Summary.Value v, int field) throws IOException {
        assertEquals("hparams", v.getMetadata().getPluginData().getPluginName());
        return fields(bytes(fields(v.getMetadata().getPluginData().getContent().toByteArray()), field));
    }

    @Test
    void experimentAndOneSessionPerCandidate() throws Exception {
        SweepFixtures.experiment(dir);
        SweepConfig sweep = new SweepFileLoader(SweepFixtures.LOADER).load(SweepFixtures.sweepFile(dir, GRID));
        SweepOutcome o = new SweepRunner(SweepFixtures.LOADER, new SweepFixtures.FakeRunner(SweepHParamsTest::accuracy),
                null).run(sweep, null);
        Path out = sweep.outputDir();

        Map<Integer, List<Object>> experiment = plugin(values(out.resolve(SweepHParams.FILE))
                .get("_hparams_/experiment"), 2);
        List<String> hparams = new ArrayList<>();
        for (Object info : experiment.get(4)) {
            Map<Integer, List<Object>> f = fields((byte[]) info);
            List<Object> domain = new ArrayList<>();
            for (Object v : fields(bytes(f, 5)).get(1)) {
                domain.add(Value.parseFrom((byte[]) v).getNumberValue());
            }
            hparams.add(new String(bytes(f, 1)) + " type " + f.get(4).get(0) + " " + domain);
        }
        assertEquals(List.of("train.lr type 3 [0.001, 0.002]", "train.epochs type 3 [1.0, 2.0]"), hparams);
        assertEquals("score/dev.accuracy", new String(bytes(fields(bytes(fields((byte[]) experiment.get(5).get(0)), 1)), 2)));

        for (CandidateRecord r : o.records()) {
            Map<String, Summary.Value> session = values(out.resolve("candidate-" + r.number()).resolve(SweepHParams.FILE));
            Map<Integer, List<Object>> start = plugin(session.get("_hparams_/session_start_info"), 3);
            Map<String, Double> sessionValues = new LinkedHashMap<>();
            for (Object entry : start.get(1)) {
                Map<Integer, List<Object>> e = fields((byte[]) entry);
                sessionValues.put(new String(bytes(e, 1)), Value.parseFrom(bytes(e, 2)).getNumberValue());
            }
            Map<String, Double> expected = new LinkedHashMap<>();
            r.candidate().parameters().forEach((k, v) -> expected.put(k, ((Number) v).doubleValue()));
            assertEquals(expected, sessionValues);
            assertEquals("candidate-" + r.number(), new String(bytes(start, 4)));
            Map<Integer, List<Object>> end = plugin(session.get("_hparams_/session_end_info"), 4);
            assertEquals(r.finished() ? 1L : 2L, end.get(1).get(0), "SUCCESS or FAILURE");
            if (r.finished()) {
                assertEquals((float) r.score().doubleValue(), session.get("score/dev.accuracy").getSimpleValue());
                assertEquals((float) r.dev().get("accuracy").doubleValue(), session.get("dev/accuracy").getSimpleValue());
            } else {
                assertEquals(null, session.get("score/dev.accuracy"));
            }
        }
        assertEquals(1, o.failed());
    }
}
