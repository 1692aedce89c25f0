package org.clinicalbert.workbench.data.pretrain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Serialises an instance as the {@code tf.train.Example} google's write_instance_to_example_files builds:
 * features input_ids, input_mask, segment_ids (padded with 0 to max_seq_length), masked_lm_positions,
 * masked_lm_ids (padded with 0), masked_lm_weights (1.0 per prediction, 0.0 padding) and next_sentence_labels,
 * in that order, int64/float lists packed.
 *
 * <p>Hand-encoded: nd4j-api ships TensorFlow's framework/util protos but not {@code org.tensorflow.example},
 * and the five message shapes involved (Example, Features map entry, Feature, Int64List, FloatList) take a
 * few lines of protobuf wire format.
 */
public final class TfExampleEncoder {

    private final int maxSeqLength;
    private final int maxPredictionsPerSeq;

    public TfExampleEncoder(int maxSeqLength, int maxPredictionsPerSeq) {
        this.maxSeqLength = maxSeqLength;
        this.maxPredictionsPerSeq = maxPredictionsPerSeq;
    }

    public byte[] encode(TrainingInstance t) {
        int n = t.length();
        int m = t.numMasked();
        if (n > maxSeqLength || m > maxPredictionsPerSeq) {
            throw new IllegalArgumentException("instance with " + n + " tokens / " + m + " predictions exceeds "
                    + maxSeqLength + " / " + maxPredictionsPerSeq);
        }
        long[] inputIds = new long[maxSeqLength];
        long[] inputMask = new long[maxSeqLength];
        long[] segmentIds = new long[maxSeqLength];
        int[] tokens = t.tokenIdsView();
        for (int i = 0; i < n; i++) {
            inputIds[i] = tokens[i];
            inputMask[i] = 1;
            segmentIds[i] = i < t.segmentALength() ? 0 : 1;
        }
        long[] positions = new long[maxPredictionsPerSeq];
        long[] ids = new long[maxPredictionsPerSeq];
        float[] weights = new float[maxPredictionsPerSeq];
        for (int k = 0; k < m; k++) {
            positions[k] = t.positionsView()[k];
            ids[k] = t.labelIdsView()[k];
            weights[k] = 1.0f;
        }
        ByteArrayOutputStream features = new ByteArrayOutputStream(1024);
        mapEntry(features, "input_ids", int64Feature(inputIds));
        mapEntry(features, "input_mask", int64Feature(inputMask));
        mapEntry(features, "segment_ids", int64Feature(segmentIds));
        mapEntry(features, "masked_lm_positions", int64Feature(positions));
        mapEntry(features, "masked_lm_ids", int64Feature(ids));
        mapEntry(features, "masked_lm_weights", floatFeature(weights));
        mapEntry(features, "next_sentence_labels", int64Feature(new long[]{t.isRandomNext() ? 1 : 0}));
        ByteArrayOutputStream example = new ByteArrayOutputStream(features.size() + 8);
        lengthDelimited(example, 1, features.toByteArray()); // Example.features = 1 (Features.feature = 1 entries)
        return example.toByteArray();
    }

    /** Features.feature map entry: field 1 of Features, {key = 1, value = 2}. */
    private static void mapEntry(ByteArrayOutputStream out, String key, byte[] feature) {
        ByteArrayOutputStream entry = new ByteArrayOutputStream(feature.length + key.length() + 8);
        lengthDelimited(entry, 1, key.getBytes(StandardCharsets.UTF_8));
        lengthDelimited(entry, 2, feature);
        lengthDelimited(out, 1, entry.toByteArray());
    }

    /** Feature.int64_list = 3 holding Int64List.value = 1, packed varints (an empty list has no field). */
    private static byte[] int64Feature(long[] values) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream(values.length * 2);
        for (long v : values) {
            varint(packed, v);
        }
        ByteArrayOutputStream list = new ByteArrayOutputStream(packed.size() + 4);
        if (values.length > 0) {
            lengthDelimited(list, 1, packed.toByteArray());
        }
        ByteArrayOutputStream feature = new ByteArrayOutputStream(list.size() + 4);
        lengthDelimited(feature, 3, list.toByteArray());
        return feature.toByteArray();
    }

    /** Feature.float_list = 2 holding FloatList.value = 1, packed little-endian floats. */
    private static byte[] floatFeature(float[] values) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream(values.length * 4);
        for (float v : values) {
            int bits = Float.floatToIntBits(v);
            packed.write(bits);
            packed.write(bits >>> 8);
            packed.write(bits >>> 16);
            packed.write(bits >>> 24);
        }
        ByteArrayOutputStream list = new ByteArrayOutputStream(packed.size() + 4);
        if (values.length > 0) {
            lengthDelimited(list, 1, packed.toByteArray());
        }
        ByteArrayOutputStream feature = new ByteArrayOutputStream(list.size() + 4);
        lengthDelimited(feature, 2, list.toByteArray());
        return feature.toByteArray();
    }

    private static void lengthDelimited(ByteArrayOutputStream out, int field, byte[] payload) {
        varint(out, ((long) field << 3) | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
    }

    /** Base-128 varint; negative int64 values take 10 bytes, as protobuf encodes them. */
    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
