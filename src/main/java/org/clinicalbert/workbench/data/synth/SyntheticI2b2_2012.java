package org.clinicalbert.workbench.data.synth;

import org.clinicalbert.workbench.data.i2b2.I2b2_2012Reader;
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
 * Synthetic i2b2 2012 temporal records: {@code train/N.xml}, {@code test/N.xml}, each
 * {@code <ClinicalNarrativeTemporalAnnotation><TEXT><![CDATA[..]]></TEXT><TAGS>} with EVENT and TIMEX3 elements,
 * plus SECTIME and TLINK elements (which readers must ignore; SECTIME even overlaps a TIMEX3, as in the release).
 */
public final class SyntheticI2b2_2012 {

    private static final long SALT = 0x2012L;

    private SyntheticI2b2_2012() {
    }

    public static Map<String, List<SynthDocument>> generate(int size, long seed) {
        Random rnd = new Random(seed ^ SALT);
        Map<String, List<SynthDocument>> out = new LinkedHashMap<>();
        out.put("train", docs(rnd, size, 1));
        out.put("test", docs(rnd, Math.max(1, size / 3), 501));
        return out;
    }

    public static void write(Path dir, int size, long seed) throws IOException {
        for (Map.Entry<String, List<SynthDocument>> e : generate(size, seed).entrySet()) {
            for (SynthDocument d : e.getValue()) {
                AtomicFiles.writeString(dir.resolve(e.getKey()).resolve(d.id() + ".xml"), toXml(d));
            }
        }
    }

    private static List<SynthDocument> docs(Random rnd, int n, int first) {
        List<SynthDocument> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(record(rnd, Integer.toString(first + i * 5)));
        }
        return docs;
    }

    static SynthDocument record(Random rnd, String id) {
        DocumentBuilder b = new DocumentBuilder(id);
        // Discharge a few days after admission, within the same month for simplicity.
        int month = 1 + rnd.nextInt(12);
        int day = 1 + rnd.nextInt(20);
        String year = Lexicon.year(rnd);
        b.words("Admission Date :").endLine().entity("DATE", String.format("%02d/%02d/%s", month, day, year)).endLine();
        b.words("Discharge Date :").endLine().entity("DATE", String.format("%02d/%02d/%s", month, day + 1 + rnd.nextInt(8), year)).endLine();
        b.words("HISTORY OF PRESENT ILLNESS :").endLine();
        b.words("The patient").entity("EVIDENTIAL", Lexicon.pick(rnd, Lexicon.EVIDENTIALS))
                .entity("PROBLEM", Lexicon.pick(rnd, Lexicon.PROBLEMS)).words("for")
                .entity("DURATION", Lexicon.pick(rnd, Lexicon.DURATIONS)).words("and was")
                .entity("OCCURRENCE", Lexicon.pick(rnd, Lexicon.OCCURRENCES)).words("to")
                .entity("CLINICAL_DEPT", Lexicon.pick(rnd, Lexicon.DEPARTMENTS)).words(".").endLine();
        int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n; k++) {
            switch (rnd.nextInt(4)) {
                case 0 -> b.entity("TEST", Lexicon.pick(rnd, Lexicon.TESTS)).words("at")
                        .entity("TIME", Lexicon.pick(rnd, Lexicon.TIMES)).words("showed")
                        .entity("PROBLEM", Lexicon.pick(rnd, Lexicon.PROBLEMS)).words(".").endLine();
                case 1 -> b.words("She was started on").entity("TREATMENT", Lexicon.pick(rnd, Lexicon.TREATMENTS))
                        .entity("FREQUENCY", Lexicon.pick(rnd, Lexicon.FREQUENCIES)).words(".").endLine();
                case 2 -> b.words("On").entity("DATE", Lexicon.monthDay(rnd)).words(", the patient was")
                        .entity("OCCURRENCE", Lexicon.pick(rnd, Lexicon.OCCURRENCES)).words("from")
                        .entity("CLINICAL_DEPT", Lexicon.pick(rnd, Lexicon.DEPARTMENTS)).words(".").endLine();
                default -> b.words(Lexicon.pick(rnd, Lexicon.FILLER)).endLine();
            }
        }
        if (rnd.nextInt(3) == 0) {
            // A treatment phrase broken over two lines, as wrapped notes have.
            b.words("Continue").entityAcrossLines("TREATMENT", "physical", "therapy").words("at home .").endLine();
        }
        return b.build();
    }

    static boolean isTimex(String type) {
        return I2b2_2012Reader.TIMEX_LABELS.contains(type);
    }

    static String toXml(SynthDocument d) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<ClinicalNarrativeTemporalAnnotation>\n<TEXT>")
                .append(XmlText.cdata(d.text())).append("</TEXT>\n<TAGS>\n");
        int e = 0;
        int t = 0;
        List<String> eventIds = new ArrayList<>();
        List<String> timexIds = new ArrayList<>();
        EntitySpan firstTimex = null;
        for (EntitySpan s : d.spans()) {
            String common = " start=\"" + XmlText.codePointOffset(d.text(), s.start()) + "\" end=\""
                    + XmlText.codePointOffset(d.text(), s.end()) + "\" text=\""
                    + XmlText.escape(d.text().substring(s.start(), s.end())) + "\"";
            if (isTimex(s.type())) {
                String tid = "T" + t++;
                timexIds.add(tid);
                firstTimex = firstTimex == null ? s : firstTimex;
                sb.append("<TIMEX3 id=\"").append(tid).append('"').append(common).append(" type=\"").append(s.type())
                        .append("\" val=\"\" mod=\"NA\" />\n");
            } else {
                String eid = "E" + e++;
                eventIds.add(eid);
                sb.append("<EVENT id=\"").append(eid).append('"').append(common).append(" modality=\"FACTUAL\" polarity=\"POS\" type=\"")
                        .append(s.type()).append("\" />\n");
            }
        }
        if (firstTimex != null) {
            sb.append("<SECTIME id=\"S0\" start=\"").append(XmlText.codePointOffset(d.text(), firstTimex.start())).append("\" end=\"")
                    .append(XmlText.codePointOffset(d.text(), firstTimex.end())).append("\" text=\"")
                    .append(XmlText.escape(firstTimex.text())).append("\" type=\"ADMISSION\" dvalue=\"\" />\n");
        }
        if (!eventIds.isEmpty() && !timexIds.isEmpty()) {
            sb.append("<TLINK id=\"TL0\" fromID=\"").append(eventIds.get(0)).append("\" fromText=\"\" toID=\"")
                    .append(timexIds.get(0)).append("\" toText=\"\" type=\"OVERLAP\" />\n");
        }
        return sb.append("</TAGS>\n</ClinicalNarrativeTemporalAnnotation>\n").toString();
    }
}
