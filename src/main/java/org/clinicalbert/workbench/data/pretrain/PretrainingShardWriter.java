package org.clinicalbert.workbench.data.pretrain;

import org.clinicalbert.workbench.io.AtomicFiles;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.zip.CRC32C;

/**
 * Writes a shard of pretraining instances in the workbench's compact binary format, atomically (a reader
 * never sees a partial shard). All numbers are big-endian.
 *
 * <pre>
 * header (32 bytes)
 *   0  4  magic "CBPT"
 *   4  4  int32  version (1)
 *   8  4  int32  max_seq_length
 *  12  4  int32  max_predictions_per_seq
 *  16  4  int32  vocabulary size (every id is below it)
 *  20  4  int32  id width in bytes: 2 (unsigned int16, vocabulary of at most 65536) or 4 (int32)
 *  24  8  int64  instance count
 * record, count times (unpadded; google's padding is added when read into tensors / TFRecords)
 *   uint16  n: tokens, [CLS] A [SEP] B [SEP] (n &lt;= max_seq_length)
 *   uint16  a: tokens with segment id 0 ([CLS] A [SEP]); the other n - a have segment id 1
 *   uint8   is_random_next (1 = B is a random span, next_sentence_label 1)
 *   uint16  m: masked positions (m &lt;= max_predictions_per_seq)
 *   n ids   input token ids, masking applied
 *   m uint16 masked_lm_positions, ascending
 *   m ids   masked_lm_ids (the original tokens)
 * trailer
 *   4  int32  CRC32C of every record byte (detects truncation and corruption)
 *   4  magic "CBPE"
 * </pre>
 */
public final class PretrainingShardWriter {

    static final int MAGIC = 0x43425054;     // "CBPT"
    static final int END_MAGIC = 0x43425045; // "CBPE"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 32;

    private PretrainingShardWriter() {
    }

    public static void write(Path file, int maxSeqLength, int maxPredictionsPerSeq, int vocabSize,
                             Collection<TrainingInstance> instances) throws IOException {
        int idBytes = vocabSize <= 65536 ? 2 : 4;
        AtomicFiles.write(file, out -> writeTo(out, maxSeqLength, maxPredictionsPerSeq, vocabSize, idBytes, instances));
    }

    private static void writeTo(OutputStream raw, int maxSeqLength, int maxPredictions, int vocabSize, int idBytes,
                                Collection<TrainingInstance> instances) throws IOException {
        DataOutputStream header = new DataOutputStream(raw);
        header.writeInt(MAGIC);
        header.writeInt(VERSION);
        header.writeInt(maxSeqLength);
        header.writeInt(maxPredictions);
        header.writeInt(vocabSize);
        header.writeInt(idBytes);
        header.writeLong(instances.size());
        header.flush();

        // each record is encoded into one buffer and written (and CRC'd) in one call
        CRC32C crc = new CRC32C();
        ByteBuffer record = ByteBuffer.allocate(7 + maxSeqLength * idBytes + maxPredictions * (2 + idBytes));
        for (TrainingInstance t : instances) {
            int n = t.length();
            int m = t.numMasked();
            if (n > maxSeqLength || m > maxPredictions) {
                throw new IllegalArgumentException("instance with " + n + " tokens / " + m
                        + " predictions exceeds " + maxSeqLength + " / " + maxPredictions);
            }
            record.clear();
            record.putShort((short) n);
            record.putShort((short) t.segmentALength());
            record.put((byte) (t.isRandomNext() ? 1 : 0));
            record.putShort((short) m);
            putIds(record, t.tokenIdsView(), idBytes, vocabSize);
            for (int p : t.positionsView()) {
                record.putShort((short) p);
            }
            putIds(record, t.labelIdsView(), idBytes, vocabSize);
            crc.update(record.array(), 0, record.position());
            raw.write(record.array(), 0, record.position());
        }
        DataOutputStream trailer = new DataOutputStream(raw);
        trailer.writeInt((int) crc.getValue());
        trailer.writeInt(END_MAGIC);
        trailer.flush();
    }

    private static void putIds(ByteBuffer out, int[] ids, int idBytes, int vocabSize) {
        for (int id : ids) {
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException("token id " + id + " outside vocabulary of " + vocabSize);
            }
            if (idBytes == 2) {
                out.putShort((short) id);
            } else {
                out.putInt(id);
            }
        }
    }
}
