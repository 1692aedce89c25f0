package org.clinicalbert.workbench.data.i2b2;

import org.clinicalbert.workbench.data.ner.NerCorpusReader;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The four i2b2 NER corpora by their command-line names, each opening its reader. */
public enum I2b2Corpus {
    I2B2_2006("i2b2-2006"),
    I2B2_2010("i2b2-2010"),
    I2B2_2012("i2b2-2012"),
    I2B2_2014("i2b2-2014");

    private final String cliName;

    I2b2Corpus(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Optional<I2b2Corpus> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.cliName.equals(n)).findFirst();
    }

    /** @param withTimex 2012 only: also tag TIMEX3 types */
    public NerCorpusReader open(Path path, boolean withTimex) {
        return switch (this) {
            case I2B2_2006 -> new I2b2_2006Reader(path);
            case I2B2_2010 -> new I2b2_2010Reader(path);
            case I2B2_2012 -> new I2b2_2012Reader(path, withTimex);
            case I2B2_2014 -> new I2b2_2014Reader(path);
        };
    }
}
