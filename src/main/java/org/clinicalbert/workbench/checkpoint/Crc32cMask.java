package org.clinicalbert.workbench.checkpoint;

import java.util.zip.CRC32C;

/**
 * LevelDB / TensorFlow store CRC32C values "masked" (crc32c.h: rotate right 15, add a constant) because
 * a CRC computed over data that itself holds CRCs is otherwise weak.
 */
final class Crc32cMask {

    private static final int MASK_DELTA = 0xa282ead8;

    private Crc32cMask() {
    }

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return mask((int) crc.getValue());
    }
}
