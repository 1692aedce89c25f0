package org.clinicalbert.workbench.data.synth;

import org.clinicalbert.workbench.data.ner.EntitySpan;
import org.clinicalbert.workbench.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic i2b2/VA 2010 concept notes: {@code train/txt/record-N.txt} + {@code train/concept/record-N.con}
 * (and {@code test/...}); notes are one sentence per line with space-separated tokens, concepts are
 * {@code c="lower-cased text" L:T L:T||t="type"}.
 */
public final class SyntheticI2b2_2010 {

    private static final long SALT = 0x2010L;

    private SyntheticI2b2_2010() {
    }

    public static Map<String, List<SynthDocument>> generate(int size, long seed) {
        Random rnd = new Random(seed ^ SALT);
        Map<String, List<SynthDocument>> out = new LinkedHashMap<>();
        out.put("train", docs(rnd, size, 1));
        out.put("test", docs(rnd, Math.max(1, size / 3), 1001));
        return out;
    }

    public static void write(Path dir, int size, long seed) throws IOException {
        for (Map.Entry<String, List<SynthDocument>> e : generate(size, seed).entrySet()) {
            Path split = dir.resolve(e.getKey());
            for (SynthDocument d : e.getValue()) {
                AtomicFiles.writeString(split.resolve("txt").resolve(d.id() + ".txt"), d.text());
                AtomicFiles.writeString(split.resolve("concept").resolve(d.id() + ".con"), toCon(d));
            }
        }
    }

    private static List<SynthDocument> docs(Random rnd, int n, int first) {
        List<SynthDocument> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(note(rnd, "record-" + (first + i)));
        }
        return docs;
    }

    static SynthDocument note(Random rnd, String id) {
        DocumentBuilder b = new DocumentBuilder(id);
        b.words("Admission Date :").endLine().words(Lexicon.monthDay(rnd) + "/" + Lexicon.year(rnd)).endLine();
        b.words("HISTORY OF PRESENT ILLNESS :").endLine();
        b.words("The patient is a " + Lexicon.age(rnd) + " year old with a history of")
                .entity("problem", Lexicon.pick(rnd, Lexicon.PROBLEMS)).words("who presented with")
                .entity("problem", Lexicon.pick(rnd, Lexicon.PROBLEMS)).words(".").endLine();
        int n = 2 + rnd.nextInt(4);
        for (int k = 0; k < n; k++) {
            switch (rnd.nextInt(5)) {
                case 0 -> b.entity("test", Lexicon.pick(rnd, Lexicon.TESTS)).words("showed")
                        .entity("problem", Lexicon.pick(rnd, Lexicon.PROBLEMS)).words(".").endLine();
                case 1 -> b.words("He was started on").entity("treatment", Lexicon.pick(rnd, Lexicon.TREATMENTS))
                        .words("for").entity("problem", Lexicon.pick(rnd, Lexicon.PROBLEMS)).words(".").endLine();
                case 2 -> b.words("Her").entity("test", Lexicon.pick(rnd, Lexicon.TESTS)).words("was within normal limits .").endLine();
                case 3 -> b.words("Echo described a").entity("problem", "\"leaky valve\"").words(";")
                        .entity("treatment", Lexicon.pick(rnd, Lexicon.TREATMENTS)).words("was held .").endLine();
                default -> b.words(Lexicon.pick(rnd, Lexicon.FILLER)).endLine();
            }
        }
        b.words("DISCHARGE MEDICATIONS :").endLine().entity("treatment", Lexicon.pick(rnd, Lexicon.TREATMENTS)).endLine();
        return b.build();
    }

    /** Concept lines: positions are 1-based line : 0-based token, end inclusive; text lower-cased. */
    static String toCon(SynthDocument d) {
        StringBuilder sb = new StringBuilder();
        for (EntitySpan s : d.spans()) {
            int[] start = position(d.text(), s.start());
            int[] end = position(d.text(), s.end() - 1);
            sb.append("c=\"").append(d.text().substring(s.start(), s.end()).toLowerCase(Locale.ROOT)).append("\" ")
                    .append(start[0]).append(':').append(start[1]).append(' ').append(end[0]).append(':').append(end[1])
                    .append("||t=\"").append(s.type()).append("\"\n");
        }
        return sb.toString();
    }

    /** Line (1-based) and token index (0-based) of the token holding char {@code index}. */
    private static int[] position(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int token = 0;
        for (int i = lineStart + 1; i <= index; i++) {
            if (text.charAt(i) != ' ' && text.charAt(i - 1) == ' ') {
                token++;
            }
        }
        return new int[]{line, token};
    }
}
