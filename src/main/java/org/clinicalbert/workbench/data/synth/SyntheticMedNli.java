package org.clinicalbert.workbench.data.synth;

import org.clinicalbert.workbench.data.mednli.MedNliReader;
import org.clinicalbert.workbench.data.mednli.MedNliWriter;
import org.clinicalbert.workbench.data.mednli.NliLabel;
import org.clinicalbert.workbench.data.mednli.NliPair;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic MedNLI: premises state a finding; the hypothesis follows by rule from the premise, so the label is
 * learnable: entailment restates the finding's broader category, contradiction negates that category, neutral
 * adds information the premise does not bear on. Classes are balanced.
 */
public final class SyntheticMedNli {

    private static final long SALT = 0x3ED1L;

    /** A finding and the broader category a hypothesis may name. */
    private record Finding(String finding, String category) {
    }

    private static final List<Finding> FINDINGS = List.of(
            new Finding("an acute myocardial infarction", "heart disease"),
            new Finding("atrial fibrillation with rapid ventricular response", "an arrhythmia"),
            new Finding("community acquired pneumonia", "a lung infection"),
            new Finding("a urinary tract infection", "an infection"),
            new Finding("diabetic ketoacidosis", "diabetes"),
            new Finding("an ischemic stroke", "a neurologic deficit"),
            new Finding("acute kidney injury", "renal dysfunction"),
            new Finding("a pulmonary embolism", "a blood clot"),
            new Finding("an upper gastrointestinal bleed", "bleeding"),
            new Finding("a hip fracture", "an orthopedic injury"),
            new Finding("septic shock", "hypotension"),
            new Finding("a COPD exacerbation", "lung disease"));
    private static final List<String> PREMISE_TEMPLATES = List.of(
            "The patient is a %s year old %s admitted with %s .",
            "%s year old %s with a history of %s presented to the emergency department .",
            "On arrival the %s year old %s was found to have %s .");
    private static final List<String> NEUTRAL = List.of(
            "The patient has a family history of %s .",
            "The patient will need surgery for %s .",
            "The patient is a smoker .",
            "The patient was recently traveling abroad .",
            "The patient lives alone .");

    private SyntheticMedNli() {
    }

    /** {@code size} training pairs, about a fifth as many dev and test pairs (at least 3), keyed by split. */
    public static Map<MedNliReader.Split, List<NliPair>> generate(int size, long seed) {
        Random rnd = new Random(seed ^ SALT);
        Map<MedNliReader.Split, List<NliPair>> out = new EnumMap<>(MedNliReader.Split.class);
        int small = Math.max(3, size / 5);
        out.put(MedNliReader.Split.TRAIN, pairs(rnd, size));
        out.put(MedNliReader.Split.DEV, pairs(rnd, small));
        out.put(MedNliReader.Split.TEST, pairs(rnd, small));
        return out;
    }

    public static void write(Path dir, int size, long seed) throws IOException {
        for (Map.Entry<MedNliReader.Split, List<NliPair>> e : generate(size, seed).entrySet()) {
            MedNliWriter.write(dir.resolve(e.getKey().fileName()), e.getValue());
        }
    }

    private static List<NliPair> pairs(Random rnd, int n) {
        List<NliPair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Finding f = FINDINGS.get(rnd.nextInt(FINDINGS.size()));
            String premise = String.format(Lexicon.pick(rnd, PREMISE_TEMPLATES), Lexicon.age(rnd),
                    rnd.nextBoolean() ? "man" : "woman", f.finding());
            premise = Character.toUpperCase(premise.charAt(0)) + premise.substring(1);
            NliLabel label = NliLabel.values()[i % 3];
            String hypothesis = switch (label) {
                case ENTAILMENT -> rnd.nextBoolean() ? "The patient has " + f.category() + " ."
                        : "The patient has a history of " + f.category() + " .";
                case CONTRADICTION -> rnd.nextBoolean() ? "The patient has no " + stripArticle(f.category()) + " ."
                        : "The patient has no medical problems .";
                case NEUTRAL -> String.format(Lexicon.pick(rnd, NEUTRAL), f.category());
            };
            out.add(new NliPair(pairId(rnd), premise, hypothesis, label));
        }
        return out;
    }

    private static String stripArticle(String s) {
        return s.replaceFirst("^(a|an) ", "");
    }

    /** Release pair ids look like time-based UUIDs: 8-4-4-4-12 hex digits. */
    private static String pairId(Random rnd) {
        return hex(rnd, 8) + "-" + hex(rnd, 4) + "-" + hex(rnd, 4) + "-" + hex(rnd, 4) + "-" + hex(rnd, 12);
    }

    private static String hex(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return sb.toString();
    }
}
