package org.clinicalbert.workbench.checkpoint;


import java.io.IOException;
import java.io.OutputStream;

/**
 * TFRecord framing, as TensorFlow's RecordWriter writes it: little-endian uint64 length, masked CRC32C of
 * those 8 bytes, the payload, masked CRC32C of the payload. Written here because TFRecord framing is 20 lines
 * and the TensorFlow Java artifacts conflict with ND4J's JavaCPP (docs/samediff-m2.1.md, neighbouring libraries).
 */
public final class TfRecordWriter {

    private final OutputStream out;

    public TfRecordWriter(OutputStream out) {
        this.out = out;
    }

    public void write(byte[] payload) throws IOException {
        byte[] length = new byte[8];
        long n = payload.length;
        for (int i = 0; i < 8; i++) {
            length[i] = (byte) (n >>> (8 * i));
        }
        out.write(length);
        writeIntLe(Crc32cMask.maskedCrc(length));
        out.write(payload);
        writeIntLe(Crc32cMask.maskedCrc(payload));
    }

    private void writeIntLe(int v) throws IOException {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
