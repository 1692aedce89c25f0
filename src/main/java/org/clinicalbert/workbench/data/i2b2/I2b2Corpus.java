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
        return open(path, withTimex, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * @param charset the plain-text formats' encoding (i2b2 2010 .txt/.con); the XML formats (2006, 2012, 2014)
     *                declare theirs in the file, so anything but UTF-8 is refused for them
     */
    public NerCorpusReader open(Path path, boolean withTimex, java.nio.charset.Charset charset) {
        if (this != I2B2_2010 && !charset.equals(java.nio.charset.StandardCharsets.UTF_8)) {
            throw new org.clinicalbert.workbench.io.InputFormatException(path, "--encoding", cliName
                    + " files are XML and declare their own encoding; --encoding applies to i2b2-2010 text only");
        }
        return switch (this) {
            case I2B2_2006 -> new I2b2_2006Reader(path);
            case I2B2_2010 -> new I2b2_2010Reader(path, charset);
            case I2B2_2012 -> new I2b2_2012Reader(path, withTimex);
            case I2B2_2014 -> new I2b2_2014Reader(path);
        };
    }
}
