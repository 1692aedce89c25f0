package org.clinicalbert.workbench.data.synth;

import org.clinicalbert.workbench.data.mimic.NoteEvent;
import org.clinicalbert.workbench.io.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Deterministic synthetic {@code NOTEEVENTS.csv} in MIMIC-III's exact format (quoted string columns, multi-line
 * TEXT, doubled quotes, empty HADM_ID/CGID/ISERROR, some {@code ISERROR=1}), for tests and the benchmark: real
 * MIMIC needs a PhysioNet credential. Notes mimic the layouts the formatter must handle: colon and all-caps
 * headers, numbered and dashed lists, dosing abbreviations, vitals, wrapped lines and de-id placeholders.
 * The CSV is written by hand (not with commons-csv) so round-trip tests check the reader against an independent
 * writer.
 */
public final class MimicSynth {

    public static final List<String> CATEGORIES = List.of("Discharge summary", "Nursing", "Radiology", "ECG",
            "Physician ", "Nursing/other");

    private static final String[] DRUGS = {"Aspirin", "Metoprolol", "Lisinopril", "Furosemide", "Atorvastatin",
        "Heparin", "Vancomycin", "Pantoprazole", "Insulin", "Warfarin"};
    private static final String[] FREQ = {"p.o. q.d.", "p.o. b.i.d.", "t.i.d.", "q.i.d. p.r.n. pain", "q.h.s.",
        "PO DAILY (Daily)"};
    private static final String[] PROBLEMS = {"hypertension", "type 2 diabetes mellitus", "atrial fibrillation",
        "congestive heart failure", "chronic kidney disease", "COPD", "pneumonia", "hyperlipidemia"};
    private static final String[] PROSE = {
        "The patient is a %d year old man with a history of %s who presented with chest pain.",
        "He was seen by Dr. %s in the emergency department on %s.",
        "She reports shortness of breath for %d days, e.g. when climbing stairs.",
        "Vitals on admission were T %d.%d BP %d/%d HR %d RR %d O2 sat %d%% on RA.",
        "He was started on %s %d.5 mg %s and tolerated it well.",
        "Pt. was transferred to the floor in stable condition.",
        "Labs were notable for a creatinine of %d.%d and a WBC of %d.%d.",
        "The family was updated by the team and agrees with the plan.",
        "Per the patient, \"I feel much better today.\"",
        "CXR showed no acute cardiopulmonary process.",
        "Follow up with %s at %s in %d weeks."};

    private MimicSynth() {
    }

    /** Writes {@code notes} notes (gzip when the name ends in .gz). */
    public static void write(Path csv, int notes, long seed) throws IOException {
        AtomicFiles.write(csv, out -> writeTo(out, csv, notes, Long.MAX_VALUE, seed));
    }

    /** Writes notes until the (uncompressed) CSV reaches about {@code targetBytes}. */
    public static void writeBytes(Path csv, long targetBytes, long seed) throws IOException {
        AtomicFiles.write(csv, out -> writeTo(out, csv, Integer.MAX_VALUE, targetBytes, seed));
    }

    /** The notes {@link #write} writes, for round-trip tests. */
    public static List<NoteEvent> notes(int notes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<NoteEvent> all = new ArrayList<>(notes);
        for (int i = 0; i < notes; i++) {
            all.add(note(rnd, i));
        }
        return all;
    }

    private static void writeTo(OutputStream raw, Path csv, int notes, long targetBytes, long seed)
            throws IOException {
        boolean gz = csv.getFileName().toString().endsWith(".gz");
        OutputStream os = gz ? new GZIPOutputStream(raw, 1 << 16) : raw;
        Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
        w.write(String.join(",", NoteEvent.COLUMNS));
        w.write('\n');
        SplittableRandom rnd = new SplittableRandom(seed);
        long chars = 0;
        StringBuilder line = new StringBuilder(8192);
        for (int i = 0; i < notes && chars < targetBytes; i++) {
            line.setLength(0);
            appendCsv(line, note(rnd, i));
            w.append(line);
            chars += line.length();
        }
        w.flush();
        if (gz) {
            ((GZIPOutputStream) os).finish();
        }
    }

    /** One CSV record as MIMIC writes it: numbers bare, strings quoted with inner quotes doubled, empties bare. */
    static void appendCsv(StringBuilder sb, NoteEvent e) {
        List<String> v = e.values();
        for (int c = 0; c < v.size(); c++) {
            if (c > 0) {
                sb.append(',');
            }
            String s = v.get(c);
            if (s.isEmpty() || isNumber(s)) {
                sb.append(s);
            } else {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            }
        }
        sb.append('\n');
    }

    private static boolean isNumber(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static NoteEvent note(SplittableRandom rnd, int i) {
        String category = CATEGORIES.get(rnd.nextInt(CATEGORIES.size()));
        String text = switch (category) {
            case "Discharge summary" -> discharge(rnd);
            case "Radiology" -> radiology(rnd);
            case "ECG" -> ecg(rnd);
            default -> nursing(rnd);
        };
        boolean outpatient = category.equals("ECG") && rnd.nextInt(3) == 0;
        String isError = rnd.nextInt(50) == 0 ? "1" : "";
        String date = date(rnd);
        return new NoteEvent(Integer.toString(i + 1), Integer.toString(10000 + rnd.nextInt(90000)),
                outpatient ? "" : Integer.toString(100000 + rnd.nextInt(100000)), date,
                category.equals("Discharge summary") ? "" : date + " 10:" + two(rnd.nextInt(60)) + ":00",
                category.equals("Discharge summary") ? "" : date + " 11:00:00", category,
                category.equals("Discharge summary") ? "Report" : "Generic Note",
                category.equals("Nursing") ? Integer.toString(14000 + rnd.nextInt(1000)) : "", isError, text,
                i + 1, -1);
    }

    private static String discharge(SplittableRandom rnd) {
        StringBuilder t = new StringBuilder(4096);
        t.append("Admission Date:  ").append(ph(date(rnd))).append("              Discharge Date:   ")
                .append(ph(date(rnd))).append("\n\nDate of Birth:  ").append(ph(date(rnd)))
                .append("             Sex:   ").append(rnd.nextBoolean() ? "M" : "F")
                .append("\n\nService: MEDICINE\n\nAllergies:\nPatient recorded as having No Known Allergies to Drugs"
                        + "\n\nAttending:").append(ph("First Name3 (LF) " + rnd.nextInt(9999)))
                .append("\nChief Complaint:\nchest pain\n\nHISTORY OF PRESENT ILLNESS:  ");
        wrapped(t, prose(rnd, 3 + rnd.nextInt(6)));
        t.append("\n\nPast Medical History:\n");
        int n = 2 + rnd.nextInt(4);
        for (int k = 1; k <= n; k++) {
            t.append(k).append(". ").append(cap(PROBLEMS[rnd.nextInt(PROBLEMS.length)])).append('\n');
        }
        t.append("\nPHYSICAL EXAMINATION\nVitals: T 98.").append(rnd.nextInt(10)).append(" BP ")
                .append(100 + rnd.nextInt(60)).append('/').append(60 + rnd.nextInt(30)).append(" HR ")
                .append(60 + rnd.nextInt(40)).append("\nGeneral - well appearing, in NAD\n\nBrief Hospital Course:\n");
        for (int p = 0; p < 1 + rnd.nextInt(4); p++) {
            wrapped(t, prose(rnd, 2 + rnd.nextInt(6)));
            t.append("\n\n");
        }
        t.append("Discharge Medications:\n");
        n = 2 + rnd.nextInt(6);
        for (int k = 1; k <= n; k++) {
            t.append(k).append(". ").append(DRUGS[rnd.nextInt(DRUGS.length)]).append(' ')
                    .append(1 + rnd.nextInt(100)).append(" mg ").append(FREQ[rnd.nextInt(FREQ.length)]).append('\n');
        }
        t.append("\nFollowup Instructions:\nFollow up with Dr. ")
                .append(ph("Last Name (NamePattern1) " + rnd.nextInt(999)))
                .append(" in 2 weeks. He said \"call me if you have questions.\"\n\n                             ")
                .append(ph("First Name11 (Name Pattern1) " + rnd.nextInt(999))).append(" MD ")
                .append(ph("MD Number(1) " + rnd.nextInt(9999))).append("\n");
        return t.toString();
    }

    private static String nursing(SplittableRandom rnd) {
        StringBuilder t = new StringBuilder(2048);
        t.append("Neuro: A&Ox3, follows commands.\nCV: HR ").append(60 + rnd.nextInt(40)).append(" SR, BP ")
                .append(100 + rnd.nextInt(60)).append('/').append(50 + rnd.nextInt(40)).append(".\nResp:\n");
        wrapped(t, prose(rnd, 1 + rnd.nextInt(4)));
        t.append("\nPlan:\n- continue ").append(DRUGS[rnd.nextInt(DRUGS.length)].toLowerCase(Locale.ROOT))
                .append(" ").append(FREQ[rnd.nextInt(FREQ.length)]).append("\n- monitor I/O\n- update family\n");
        return t.toString();
    }

    private static String radiology(SplittableRandom rnd) {
        StringBuilder t = new StringBuilder(2048);
        t.append(ph(date(rnd))).append(" 10:").append(two(rnd.nextInt(60))).append(" AM\n CHEST (PORTABLE AP)    ")
                .append("     Clip # ").append(ph("Clip Number (Radiology) " + rnd.nextInt(99999)))
                .append("\n Reason: eval for infiltrate\n ")
                .append("_".repeat(78)).append("\n                                 FINAL REPORT\n INDICATION:  ");
        wrapped(t, prose(rnd, 1 + rnd.nextInt(3)));
        t.append("\n\n IMPRESSION:  No acute process. Compared to ").append(ph(date(rnd)))
                .append(", no change.\n");
        return t.toString();
    }

    private static String ecg(SplittableRandom rnd) {
        return "Sinus rhythm at " + (60 + rnd.nextInt(40)) + " bpm. Left axis deviation. Since the previous tracing "
                + "of " + ph(date(rnd)) + " no significant change.\n";
    }

    private static String prose(SplittableRandom rnd, int sentences) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < sentences; s++) {
            if (s > 0) {
                sb.append(' ');
            }
            String tpl = PROSE[rnd.nextInt(PROSE.length)];
            sb.append(switch (tpl.substring(0, 12)) {
                case "The patient " -> String.format(Locale.ROOT, tpl, 20 + rnd.nextInt(70),
                        PROBLEMS[rnd.nextInt(PROBLEMS.length)]);
                case "He was seen " -> String.format(Locale.ROOT, tpl, ph("Last Name (un) " + rnd.nextInt(99)),
                        ph(date(rnd)));
                case "She reports " -> String.format(Locale.ROOT, tpl, 1 + rnd.nextInt(9));
                case "Vitals on ad" -> String.format(Locale.ROOT, tpl, 97 + rnd.nextInt(4), rnd.nextInt(10),
                        100 + rnd.nextInt(60), 60 + rnd.nextInt(30), 60 + rnd.nextInt(40), 12 + rnd.nextInt(10),
                        90 + rnd.nextInt(10));
                case "He was start" -> String.format(Locale.ROOT, tpl, DRUGS[rnd.nextInt(DRUGS.length)],
                        1 + rnd.nextInt(20), FREQ[rnd.nextInt(FREQ.length)]);
                case "Labs were no" -> String.format(Locale.ROOT, tpl, rnd.nextInt(5), rnd.nextInt(10),
                        3 + rnd.nextInt(15), rnd.nextInt(10));
                case "Follow up wi" -> String.format(Locale.ROOT, tpl, ph("Doctor Last Name " + rnd.nextInt(999)),
                        ph("Hospital " + rnd.nextInt(9999)), 1 + rnd.nextInt(6));
                default -> tpl;
            });
        }
        return sb.toString();
    }

    /** Wraps prose at about 70 characters as MIMIC's notes are wrapped (never inside a placeholder). */
    private static void wrapped(StringBuilder t, String prose) {
        int col = 0;
        int depth = 0;
        for (int i = 0; i < prose.length(); i++) {
            char c = prose.charAt(i);
            if (prose.startsWith("[**", i)) {
                depth++;
            } else if (prose.startsWith("**]", i)) {
                depth = Math.max(0, depth - 1);
            }
            if (c == ' ' && col > 70 && depth == 0) {
                t.append('\n');
                col = 0;
            } else {
                t.append(c);
                col++;
            }
        }
    }

    private static String ph(String inner) {
        return "[**" + inner + "**]";
    }

    private static String date(SplittableRandom rnd) {
        return (2100 + rnd.nextInt(100)) + "-" + (1 + rnd.nextInt(12)) + "-" + (1 + rnd.nextInt(28));
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
