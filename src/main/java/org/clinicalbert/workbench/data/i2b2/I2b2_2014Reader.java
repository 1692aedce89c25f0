package org.clinicalbert.workbench.data.i2b2;

import org.clinicalbert.workbench.data.ner.LabelSet;

import java.nio.file.Path;

/**
 * i2b2/UTHealth 2014 de-identification: {@code <deIdi2b2><TEXT><![CDATA[...]]></TEXT><TAGS>} with one element per
 * PHI ({@code <NAME id="P0" start="16" end="20" text="..." TYPE="DOCTOR" comment=""/>}); the label is {@code TYPE},
 * every child of TAGS is a PHI (the original notebook reads "ALL_CHILDREN").
 */
public final class I2b2_2014Reader extends OffsetXmlCorpusReader {

    public static final LabelSet LABELS = LabelSet.of(
            "IDNUM", "HOSPITAL", "PATIENT", "PHONE", "DATE", "DOCTOR", "LOCATION-OTHER", "AGE", "BIOID", "STATE",
            "ZIP", "HEALTHPLAN", "ORGANIZATION", "MEDICALRECORD", "CITY", "STREET", "COUNTRY", "URL", "USERNAME",
            "PROFESSION", "FAX", "EMAIL", "DEVICE");

    public I2b2_2014Reader(Path dirOrFile) {
        super(dirOrFile, "deIdi2b2");
    }

    /** Records are named {@code PPP-RR.xml} (patient, record); the original split train/dev by patient. */
    public static String patientOf(String documentId) {
        int dash = documentId.indexOf('-');
        return dash < 0 ? documentId : documentId.substring(0, dash);
    }

    @Override
    public LabelSet labels() {
        return LABELS;
    }

    @Override
    protected String typeAttribute(String elementName) {
        return "TYPE";
    }
}
