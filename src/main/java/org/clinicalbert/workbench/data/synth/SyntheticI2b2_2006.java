package org.clinicalbert.workbench.data.synth;

import org.clinicalbert.workbench.data.ner.EntitySpan;
import org.clinicalbert.workbench.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic i2b2 2006 de-identification files with the release's names
 * ({@code deid_surrogate_train_all_version2.xml}, {@code deid_surrogate_test_all_groundtruth_version2.xml}):
 * {@code <ROOT><RECORD ID=".."><TEXT>} with inline {@code <PHI TYPE="..">} markup, including dates glued to text
 * on either side.
 */
public final class SyntheticI2b2_2006 {

    public static final String TRAIN_FILE = "deid_surrogate_train_all_version2.xml";
    public static final String TEST_FILE = "deid_surrogate_test_all_groundtruth_version2.xml";
    private static final long SALT = 0x2006L;

    private SyntheticI2b2_2006() {
    }

    public static Map<String, List<SynthDocument>> generate(int size, long seed) {
        Random rnd = new Random(seed ^ SALT);
        Map<String, List<SynthDocument>> out = new LinkedHashMap<>();
        out.put(TRAIN_FILE, docs(rnd, size, 1));
        out.put(TEST_FILE, docs(rnd, Math.max(1, size / 3), 801));
        return out;
    }

    public static void write(Path dir, int size, long seed) throws IOException {
        for (Map.Entry<String, List<SynthDocument>> e : generate(size, seed).entrySet()) {
            AtomicFiles.writeString(dir.resolve(e.getKey()), toXml(e.getValue()));
        }
    }

    private static List<SynthDocument> docs(Random rnd, int n, int first) {
        List<SynthDocument> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(record(rnd, Integer.toString(first + i)));
        }
        return docs;
    }

    /** Text starts and ends with a line break, as the release's TEXT elements do. */
    static SynthDocument record(Random rnd, String id) {
        DocumentBuilder b = new DocumentBuilder(id);
        b.endLine();
        b.entity("ID", Lexicon.digits(rnd, 9)).entity("HOSPITAL", Lexicon.pick(rnd, Lexicon.HOSPITALS)).endLine();
        b.entity("ID", Lexicon.digits(rnd, 6) + "-" + Lexicon.digits(rnd, 2)).endLine();
        b.words("Discharge Summary").endLine();
        switch (rnd.nextInt(3)) {
            case 0 -> b.words("Admission date :").gluedEntity("DATE", Lexicon.monthDay(rnd), "/" + Lexicon.year(rnd)).endLine();
            case 1 -> b.words("Admission date :").gluedBefore(Lexicon.year(rnd), "DATE", Lexicon.monthDay(rnd).replace("/", "")).endLine();
            default -> b.words("Admission date :").entity("DATE", Lexicon.monthDay(rnd) + "/" + Lexicon.year(rnd)).endLine();
        }
        b.words("Patient").entity("PATIENT", Lexicon.name(rnd)).words("is a").entity("AGE", Lexicon.age(rnd))
                .words("year old man seen by Dr.").entity("DOCTOR", Lexicon.name(rnd)).words(".").endLine();
        if (rnd.nextBoolean()) {
            b.words("He lives in").entity("LOCATION", Lexicon.pick(rnd, Lexicon.CITIES)).words("; call")
                    .entity("PHONE", Lexicon.phone(rnd)).words("with questions .").endLine();
        }
        if (rnd.nextBoolean()) {
            b.words("Transferred to").entity("HOSPITAL", Lexicon.pick(rnd, Lexicon.HOSPITALS)).words("&").entity("HOSPITAL",
                    Lexicon.pick(rnd, Lexicon.HOSPITALS)).words("for follow-up .").endLine();
        }
        for (int k = 0, n = 1 + rnd.nextInt(3); k < n; k++) {
            b.words(Lexicon.pick(rnd, Lexicon.FILLER)).endLine();
        }
        b.words("Dictated by :").endLine().entity("DOCTOR", Lexicon.name(rnd)).endLine();
        return b.build();
    }

    static String toXml(List<SynthDocument> docs) {
        StringBuilder sb = new StringBuilder("<ROOT>\n");
        for (SynthDocument d : docs) {
            sb.append("<RECORD ID=\"").append(XmlText.escape(d.id())).append("\">\n<TEXT>");
            String text = d.text();
            int pos = 0;
            for (EntitySpan s : d.spans()) {
                sb.append(XmlText.escape(text.substring(pos, s.start())))
                        .append("<PHI TYPE=\"").append(s.type()).append("\">")
                        .append(XmlText.escape(text.substring(s.start(), s.end()))).append("</PHI>");
                pos = s.end();
            }
            sb.append(XmlText.escape(text.substring(pos))).append("</TEXT>\n</RECORD>\n");
        }
        return sb.append("</ROOT>\n").toString();
    }
}
