package org.clinicalbert.workbench.data.synth;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes every synthetic downstream corpus in its release format under one folder:
 * {@code mednli/}, {@code i2b2-2006/}, {@code i2b2-2010/{train,test}/{txt,concept}/},
 * {@code i2b2-2012/{train,test}/}, {@code i2b2-2014/{train,test}/}.
 */
public final class SyntheticCorpora {

    public static final String MEDNLI = "mednli";
    public static final String I2B2_2006 = "i2b2-2006";
    public static final String I2B2_2010 = "i2b2-2010";
    public static final String I2B2_2012 = "i2b2-2012";
    public static final String I2B2_2014 = "i2b2-2014";
    /** Tens of documents: enough to exercise every code path and learn something, small enough for tests. */
    public static final int DEFAULT_SIZE = 30;

    private SyntheticCorpora() {
    }

    /** @param size training documents per i2b2 corpus and training pairs / 10 for MedNLI */
    public static void write(Path dir, int size, long seed) throws IOException {
        SyntheticMedNli.write(dir.resolve(MEDNLI), size * 10, seed);
        SyntheticI2b2_2006.write(dir.resolve(I2B2_2006), size, seed);
        SyntheticI2b2_2010.write(dir.resolve(I2B2_2010), size, seed);
        SyntheticI2b2_2012.write(dir.resolve(I2B2_2012), size, seed);
        SyntheticI2b2_2014.write(dir.resolve(I2B2_2014), size, seed);
    }
}
