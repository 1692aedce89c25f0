package org.clinicalbert.workbench.tensorboard;

import org.nd4j.shade.protobuf.CodedOutputStream;
import org.nd4j.shade.protobuf.ListValue;
import org.nd4j.shade.protobuf.Value;
import org.tensorflow.framework.Summary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The records of TensorBoard's HParams dashboard (tensorboard/plugins/hparams/plugin_data.proto and api.proto): the
 * experiment (hyperparameters with their domains, and the metrics, whose values are scalars of that tag in each
 * session's folder), written into the sweep's folder, and per candidate a session start (its values) and end (its
 * status), written into the candidate's folder.
 *
 * <p>These messages are not in nd4j-api and TensorBoard ships them only for Python, so they are written here field
 * by field with ND4J's shaded protobuf runtime, by the field numbers of those .proto files (the hyperparameter values
 * are google.protobuf.Value, which that runtime does ship). tools/tensorboard/make_golden_events.py parses the result
 * with TensorBoard's own classes.
 */
public final class HParamsRecords {

    static final String PLUGIN = "hparams";
    public static final String EXPERIMENT_TAG = "_hparams_/experiment";
    public static final String SESSION_START_TAG = "_hparams_/session_start_info";
    public static final String SESSION_END_TAG = "_hparams_/session_end_info";

    /** api.proto Status. */
    public enum Status {
        UNKNOWN, SUCCESS, FAILURE, RUNNING
    }

    /**
     * One hyperparameter and the values the search tries.
     *
     * @param values strings, numbers or booleans, all of one kind (api.proto DataType)
     */
    public record HParam(String name, List<Object> values) {
    }

    private HParamsRecords() {
    }

    /** The experiment record: which hyperparameters exist and which metric tags score a session. */
    public static Summary experiment(List<HParam> hparams, List<String> metricTags, double createdSecs) {
        byte[] experiment = message(out -> {
            out.writeDouble(3, createdSecs); // time_created_secs
            for (HParam h : hparams) {
                out.writeByteArray(4, message(info -> { // hparam_infos
                    info.writeString(1, h.name());
                    info.writeEnum(4, dataType(h.values()));
                    ListValue.Builder domain = ListValue.newBuilder();
                    h.values().forEach(v -> domain.addValues(value(v)));
                    info.writeMessage(5, domain.build()); // domain_discrete
                }));
            }
            for (String tag : metricTags) {
                out.writeByteArray(5, message(info -> // metric_infos
                        info.writeByteArray(1, message(name -> name.writeString(2, tag))))); // name.tag
            }
        });
        return record(EXPERIMENT_TAG, 2, experiment);
    }

    /** A session's start: its hyperparameter values and the group it belongs to (one group per candidate). */
    public static Summary sessionStart(Map<String, Object> values, String group, double startSecs) {
        byte[] start = message(out -> {
            for (Map.Entry<String, Object> e : values.entrySet()) {
                out.writeByteArray(1, message(entry -> { // map<string, Value> hparams
                    entry.writeString(1, e.getKey());
                    entry.writeMessage(2, value(e.getValue()));
                }));
            }
            out.writeString(4, group);
            out.writeDouble(5, startSecs);
        });
        return record(SESSION_START_TAG, 3, start);
    }

    public static Summary sessionEnd(Status status, double endSecs) {
        byte[] end = message(out -> {
            out.writeEnum(1, status.ordinal());
            out.writeDouble(2, endSecs);
        });
        return record(SESSION_END_TAG, 4, end);
    }

    /** HParamsPluginData {version = 0; one of experiment (2), session_start_info (3), session_end_info (4)}. */
    private static Summary record(String tag, int field, byte[] content) {
        byte[] data = message(out -> out.writeByteArray(field, content));
        return Summaries.pluginRecord(tag, PLUGIN, data);
    }

    private static Value value(Object v) {
        if (v instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        }
        if (v instanceof Number n) {
            return Value.newBuilder().setNumberValue(n.doubleValue()).build();
        }
        return Value.newBuilder().setStringValue(String.valueOf(v)).build();
    }

    /** api.proto DataType: 1 string, 2 bool, 3 float64. */
    private static int dataType(List<Object> values) {
        if (!values.isEmpty() && values.stream().allMatch(v -> v instanceof Boolean)) {
            return 2;
        }
        if (!values.isEmpty() && values.stream().allMatch(v -> v instanceof Number)) {
            return 3;
        }
        return 1;
    }

    private interface Fields {
        void writeTo(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            fields.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }
}
