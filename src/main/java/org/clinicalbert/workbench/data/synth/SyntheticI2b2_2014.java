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
 * Synthetic i2b2 2014 de-identification records in the release format: {@code train/PPP-RR.xml} and
 * {@code test/PPP-RR.xml}, each {@code <deIdi2b2><TEXT><![CDATA[..]]></TEXT><TAGS>..</TAGS></deIdi2b2>} with PHI
 * elements named by category (NAME, LOCATION, CONTACT, ID, ...) carrying id, start, end, text, TYPE, comment.
 */
public final class SyntheticI2b2_2014 {

    private static final long SALT = 0x2014L;

    private SyntheticI2b2_2014() {
    }

    /** {@code size} training records and about a third as many test records, keyed by split. */
    public static Map<String, List<SynthDocument>> generate(int size, long seed) {
        Random rnd = new Random(seed ^ SALT);
        Map<String, List<SynthDocument>> out = new LinkedHashMap<>();
        out.put("train", docs(rnd, size, 100));
        out.put("test", docs(rnd, Math.max(1, size / 3), 300));
        return out;
    }

    public static void write(Path dir, int size, long seed) throws IOException {
        for (Map.Entry<String, List<SynthDocument>> e : generate(size, seed).entrySet()) {
            for (SynthDocument d : e.getValue()) {
                AtomicFiles.writeString(dir.resolve(e.getKey()).resolve(d.id() + ".xml"), toXml(d));
            }
        }
    }

    private static List<SynthDocument> docs(Random rnd, int n, int firstPatient) {
        List<SynthDocument> docs = new ArrayList<>();
        int patient = firstPatient;
        int record = 1;
        for (int i = 0; i < n; i++) {
            // Two or three records per patient, like the release.
            if (i > 0 && (record > 3 || rnd.nextInt(3) == 0)) {
                patient++;
                record = 1;
            }
            docs.add(record(rnd, String.format("%03d-%02d", patient, record++)));
        }
        return docs;
    }

    static SynthDocument record(Random rnd, String id) {
        DocumentBuilder b = new DocumentBuilder(id);
        b.words("Record date:").entity("DATE", Lexicon.isoDate(rnd)).endLine();
        if (rnd.nextInt(4) == 0) {
            String[] h = Lexicon.pick(rnd, Lexicon.HOSPITALS).split(" ", 2);
            b.entityAcrossLines("HOSPITAL", h[0], h[1]).endLine();
        } else {
            b.entity("HOSPITAL", Lexicon.pick(rnd, Lexicon.HOSPITALS)).endLine();
        }
        b.words("Patient:").entity("PATIENT", Lexicon.name(rnd)).words("MRN").entity("MEDICALRECORD", Lexicon.digits(rnd, 7)).endLine();
        b.entity("PATIENT", Lexicon.pick(rnd, Lexicon.FIRST_NAMES)).words("is a").entity("AGE", Lexicon.age(rnd))
                .words("year old").entity("PROFESSION", Lexicon.pick(rnd, Lexicon.PROFESSIONS)).words("from")
                .gluedEntity("CITY", Lexicon.pick(rnd, Lexicon.CITIES), ",")
                .entity("STATE", Lexicon.pick(rnd, Lexicon.STATES)).words(".").endLine();
        List<Runnable> optional = List.of(
                () -> b.words("Seen by Dr.").entity("DOCTOR", Lexicon.name(rnd)).words("on")
                        .gluedEntity("DATE", Lexicon.monthDay(rnd), "/" + Lexicon.year(rnd)).words(".").endLine(),
                () -> b.words("Address:").entity("STREET", Lexicon.digits(rnd, 3) + " " + Lexicon.pick(rnd, Lexicon.STREETS))
                        .words(",").entity("CITY", Lexicon.pick(rnd, Lexicon.CITIES)).entity("ZIP", Lexicon.digits(rnd, 5))
                        .entity("COUNTRY", Lexicon.pick(rnd, Lexicon.COUNTRIES)).endLine(),
                () -> b.words("Phone").entity("PHONE", Lexicon.phone(rnd)).words("fax").entity("FAX", Lexicon.phone(rnd)).endLine(),
                () -> b.words("Email").entity("EMAIL", Lexicon.pick(rnd, Lexicon.LAST_NAMES).toLowerCase().replace("'", "")
                        + Lexicon.digits(rnd, 2) + "@mail.example.org").words("portal").entity("URL", "www.example-health.org/p"
                        + Lexicon.digits(rnd, 4)).words("user").entity("USERNAME", "u" + Lexicon.digits(rnd, 5)).endLine(),
                () -> b.words("Works for").entity("ORGANIZATION", Lexicon.pick(rnd, Lexicon.ORGANIZATIONS)).words("; vacationed at")
                        .entity("LOCATION-OTHER", Lexicon.pick(rnd, Lexicon.OTHER_LOCATIONS)).words(".").endLine(),
                () -> b.words("Insurance").entity("HEALTHPLAN", Lexicon.pick(rnd, Lexicon.HEALTHPLANS)).words("member ID")
                        .entity("IDNUM", "ID" + Lexicon.digits(rnd, 6)).words(", specimen").entity("BIOID", "BX-" + Lexicon.digits(rnd, 5)).endLine(),
                () -> b.words("Pacemaker serial").entity("DEVICE", "PM" + Lexicon.digits(rnd, 6)).words("checked .").endLine());
        for (Runnable r : optional) {
            if (rnd.nextInt(3) > 0) {
                r.run();
            }
        }
        for (int k = 0, n = 1 + rnd.nextInt(3); k < n; k++) {
            b.words(Lexicon.pick(rnd, Lexicon.FILLER)).endLine();
        }
        b.words("Signed by").entity("DOCTOR", Lexicon.name(rnd));
        return b.build();
    }

    static String category(String type) {
        return switch (type) {
            case "PATIENT", "DOCTOR", "USERNAME" -> "NAME";
            case "PROFESSION" -> "PROFESSION";
            case "HOSPITAL", "ORGANIZATION", "STREET", "CITY", "STATE", "COUNTRY", "ZIP", "LOCATION-OTHER" -> "LOCATION";
            case "AGE" -> "AGE";
            case "DATE" -> "DATE";
            case "PHONE", "FAX", "EMAIL", "URL" -> "CONTACT";
            default -> "ID";
        };
    }

    static String toXml(SynthDocument d) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<deIdi2b2>\n<TEXT>").append(XmlText.cdata(d.text()))
                .append("</TEXT>\n<TAGS>\n");
        int i = 0;
        for (EntitySpan s : d.spans()) {
            sb.append('<').append(category(s.type())).append(" id=\"P").append(i++).append("\" start=\"")
                    .append(XmlText.codePointOffset(d.text(), s.start())).append("\" end=\"")
                    .append(XmlText.codePointOffset(d.text(), s.end())).append("\" text=\"")
                    .append(XmlText.escape(d.text().substring(s.start(), s.end()))).append("\" TYPE=\"").append(s.type())
                    .append("\" comment=\"\" />\n");
        }
        return sb.append("</TAGS>\n</deIdi2b2>\n").toString();
    }
}
