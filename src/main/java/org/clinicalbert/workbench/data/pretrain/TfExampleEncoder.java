package org.clinicalbert.workbench.data.pretrain;

import java.nio.charset.StandardCharsets;

/**
 * Serialises an instance as the {@code tf.train.Example} google's write_instance_to_example_files builds:
 * features input_ids, input_mask, segment_ids (padded with 0 to max_seq_length), masked_lm_positions,
 * masked_lm_ids (padded with 0), masked_lm_weights (1.0 per prediction, 0.0 padding) and next_sentence_labels,
 * in that order, int64/float lists packed.
 *
 * <p>Hand-encoded: nd4j-api ships TensorFlow's framework/util protos but not {@code org.tensorflow.example},
 * and the message shapes involved (Example, Features map entry, Feature, Int64List, FloatList) take a few
 * lines of protobuf wire format. Sizes are computed first so each Example is written into one exact array.
 */
public final class TfExampleEncoder {

    private static final byte[][] NAMES = {
            bytes("input_ids"), bytes("input_mask"), bytes("segment_ids"), bytes("masked_lm_positions"),
            bytes("masked_lm_ids"), bytes("masked_lm_weights"), bytes("next_sentence_labels")};
    private static final int WEIGHTS = 5;

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
        long[][] ints = new long[7][];
        ints[0] = new long[maxSeqLength];
        ints[1] = new long[maxSeqLength];
        ints[2] = new long[maxSeqLength];
        int[] tokens = t.tokenIdsView();
        for (int i = 0; i < n; i++) {
            ints[0][i] = tokens[i];
            ints[1][i] = 1;
            ints[2][i] = i < t.segmentALength() ? 0 : 1;
        }
        ints[3] = new long[maxPredictionsPerSeq];
        ints[4] = new long[maxPredictionsPerSeq];
        float[] weights = new float[maxPredictionsPerSeq];
        for (int k = 0; k < m; k++) {
            ints[3][k] = t.positionsView()[k];
            ints[4][k] = t.labelIdsView()[k];
            weights[k] = 1.0f;
        }
        ints[6] = new long[]{t.isRandomNext() ? 1 : 0};

        // sizes, innermost first
        int[] packed = new int[7];
        int[] list = new int[7];
        int[] feature = new int[7];
        int[] entry = new int[7];
        int features = 0;
        for (int f = 0; f < 7; f++) {
            if (f == WEIGHTS) {
                packed[f] = 4 * weights.length;
            } else {
                for (long v : ints[f]) {
                    packed[f] += varintSize(v);
                }
            }
            int count = f == WEIGHTS ? weights.length : ints[f].length;
            list[f] = count > 0 ? delimitedSize(packed[f]) : 0; // an empty packed field is omitted
            feature[f] = delimitedSize(list[f]);
            entry[f] = delimitedSize(NAMES[f].length) + delimitedSize(feature[f]);
            features += delimitedSize(entry[f]);
        }
        Out out = new Out(new byte[delimitedSize(features)]);
        out.tag(1, features);                               // Example.features
        for (int f = 0; f < 7; f++) {
            out.tag(1, entry[f]);                           // Features.feature map entry
            out.tag(1, NAMES[f].length);                    // entry.key
            out.bytes(NAMES[f]);
            out.tag(2, feature[f]);                         // entry.value: Feature
            if (f == WEIGHTS) {
                out.tag(2, list[f]);                        // Feature.float_list
                if (weights.length > 0) {
                    out.tag(1, packed[f]);                  // FloatList.value, packed little-endian floats
                    for (float w : weights) {
                        out.intLe(Float.floatToIntBits(w));
                    }
                }
            } else {
                out.tag(3, list[f]);                        // Feature.int64_list
                if (ints[f].length > 0) {
                    out.tag(1, packed[f]);                  // Int64List.value, packed varints
                    for (long v : ints[f]) {
                        out.varint(v);
                    }
                }
            }
        }
        if (out.pos != out.buf.length) {
            throw new IllegalStateException("Example size mismatch: " + out.pos + " != " + out.buf.length);
        }
        return out.buf;
    }

    private static int delimitedSize(int payload) {
        return 1 + varintSize(payload) + payload; // field numbers 1-3: one-byte tag
    }

    /** Bytes of a base-128 varint; negative int64 values take 10, as protobuf encodes them. */
    private static int varintSize(long v) {
        int size = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            size++;
        }
        return size;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final class Out {
        final byte[] buf;
        int pos;

        Out(byte[] buf) {
            this.buf = buf;
        }

        void tag(int field, int length) {
            buf[pos++] = (byte) ((field << 3) | 2); // wire type 2: length-delimited
            varint(length);
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void bytes(byte[] b) {
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        void intLe(int v) {
            buf[pos++] = (byte) v;
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 24);
        }
    }
}
