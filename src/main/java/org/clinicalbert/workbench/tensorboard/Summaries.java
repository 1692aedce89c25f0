package org.clinicalbert.workbench.tensorboard;

import org.nd4j.shade.protobuf.ByteString;
import org.tensorflow.framework.DataType;
import org.tensorflow.framework.Summary;
import org.tensorflow.framework.SummaryMetadata;
import org.tensorflow.framework.TensorProto;
import org.tensorflow.framework.TensorShapeProto;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The summaries TensorBoard's dashboards read, built as tf.summary builds them: a scalar as {@code simple_value} (the
 * Scalars dashboard), a text as a scalar string tensor tagged for the {@code text} plugin, and plugin records
 * (HParams) as an empty float tensor carrying the plugin's content in its metadata.
 */
public final class Summaries {

    private Summaries() {
    }

    public static Summary scalar(String tag, double value) {
        return scalars(Map.of(tag, value));
    }

    /** Several scalars of one step in one summary, in the map's order (float32, as TensorBoard keeps them). */
    public static Summary scalars(Map<String, Double> values) {
        Summary.Builder s = Summary.newBuilder();
        values.forEach((tag, v) -> s.addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue(v.floatValue())));
        return s.build();
    }

    /** Markdown shown by the Text dashboard (tensorboard/plugins/text/summary_v2.py). */
    public static Summary text(String tag, String markdown) {
        TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                .setTensorShape(TensorShapeProto.getDefaultInstance())
                .addStringVal(ByteString.copyFrom(markdown, StandardCharsets.UTF_8)).build();
        return Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag)
                .setMetadata(plugin("text", new byte[0])).setTensor(tensor)).build();
    }

    /** A record of a plugin whose data is all in its metadata (tensorboard/plugins/hparams/metadata.py NULL_TENSOR). */
    static Summary pluginRecord(String tag, String plugin, byte[] content) {
        TensorProto empty = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
                .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(0)))
                .build();
        return Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag)
                .setMetadata(plugin(plugin, content)).setTensor(empty)).build();
    }

    private static SummaryMetadata plugin(String name, byte[] content) {
        return SummaryMetadata.newBuilder().setPluginData(SummaryMetadata.PluginData.newBuilder()
                .setPluginName(name).setContent(ByteString.copyFrom(content))).build();
    }
}
