package org.clinicalbert.workbench.data.i2b2;

import org.clinicalbert.workbench.data.ner.LabelSet;

import java.nio.file.Path;

/**
 * i2b2 2012 temporal relations: {@code <ClinicalNarrativeTemporalAnnotation><TEXT><![CDATA[...]]></TEXT><TAGS>}
 * with EVENT elements (label = {@code type}), optionally TIMEX3 elements; TLINK and SECTIME are ignored.
 */
public final class I2b2_2012Reader extends OffsetXmlCorpusReader {

    public static final LabelSet EVENT_LABELS = LabelSet.of(
            "OCCURRENCE", "EVIDENTIAL", "TREATMENT", "CLINICAL_DEPT", "PROBLEM", "TEST");
    public static final LabelSet TIMEX_LABELS = LabelSet.of("DATE", "TIME", "DURATION", "FREQUENCY");

    private final boolean includeTimex;
    private final LabelSet labels;

    /** EVENT types only, as the paper's NER task. */
    public I2b2_2012Reader(Path dirOrFile) {
        this(dirOrFile, false);
    }

    public I2b2_2012Reader(Path dirOrFile, boolean includeTimex) {
        super(dirOrFile, "ClinicalNarrativeTemporalAnnotation");
        this.includeTimex = includeTimex;
        this.labels = includeTimex ? EVENT_LABELS.plus(TIMEX_LABELS) : EVENT_LABELS;
    }

    @Override
    public LabelSet labels() {
        return labels;
    }

    /** EVENT and TIMEX3 are entities; TLINK and SECTIME relations are read past. */
    @Override
    protected java.util.Set<String> knownElements() {
        return java.util.Set.of("EVENT", "TIMEX3", "TLINK", "SECTIME");
    }

    @Override
    protected String typeAttribute(String elementName) {
        if (elementName.equals("EVENT")) {
            return "type";
        }
        if (includeTimex && elementName.equals("TIMEX3")) {
            return "type";
        }
        return null;
    }
}
