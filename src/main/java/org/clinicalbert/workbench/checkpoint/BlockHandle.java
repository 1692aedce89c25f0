package org.clinicalbert.workbench.checkpoint;

import java.io.ByteArrayOutputStream;

/** Where a block of a LevelDB-format table lies: its offset and size, not counting the 5-byte trailer. */
record BlockHandle(long offset, long size) {

    /** The handle as LevelDB stores it: two unsigned varint64s (format.cc BlockHandle::EncodeTo). */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(20);
        writeVarint(out, offset);
        writeVarint(out, size);
        return out.toByteArray();
    }

    /** Unsigned LEB128, 7 bits a byte, low bits first: the varint of LevelDB's coding.h and of protobuf. */
    static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
