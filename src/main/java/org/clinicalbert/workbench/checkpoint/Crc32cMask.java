package org.clinicalbert.workbench.checkpoint;

import java.util.zip.CRC32C;

/**
 * LevelDB / TensorFlow store CRC32C values "masked" (crc32c.h: rotate right 15, add a constant) because
 * a CRC computed over data that itself holds CRCs is otherwise weak. The one place the mask is computed: TF
 * checkpoints (index blocks and tensors) and TFRecord framing use it.
 */
public final class Crc32cMask {

    private static final int MASK_DELTA = 0xa282ead8;

    private Crc32cMask() {
    }

    public static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    /** The masked CRC32C of bytes already fed to {@code crc} (for data that is streamed). */
    public static int masked(CRC32C crc) {
        return mask((int) crc.getValue());
    }

    public static int maskedCrc(byte[] data) {
        return maskedCrc(data, 0, data.length);
    }

    public static int maskedCrc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return masked(crc);
    }
}
