package org.clinicalbert.workbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link ConllEval} against the real conlleval.pl: the golden file holds 250 random tag sequences and
 * the script's verbatim output on each (written by tools/golden/conlleval_golden.py). Counts must match
 * exactly, percentages to the script's printed two decimals.
 */
class ConllEvalGoldenTest {

    private static final Pattern HEADER = Pattern.compile(
            "processed (\\d+) tokens with (\\d+) phrases; found: (\\d+) phrases; correct: (\\d+)\\.");
    private static final Pattern OVERALL = Pattern.compile(
            "accuracy: +([\\d.]+)%; precision: +([\\d.]+)%; recall: +([\\d.]+)%; FB1: +([\\d.]+)");
    private static final Pattern TYPE = Pattern.compile(
            " *(\\S+): precision: +([\\d.]+)%; recall: +([\\d.]+)%; FB1: +([\\d.]+)  (\\d+)");

    @Test
    void matchesConllevalPlOnRandomSequences() throws IOException {
        List<String> lines = readGolden();
        int cases = 0;
        int typesChecked = 0;
        int i = 0;
        while (i < lines.size()) {
            String caseName = lines.get(i++);
            assertTrue(caseName.startsWith("### case"), "line " + i + ": " + caseName);
            List<List<TagPair>> sentences = new ArrayList<>();
            List<TagPair> current = new ArrayList<>();
            for (String line; !(line = lines.get(i++)).equals("--- conlleval"); ) {
                if (line.isEmpty()) {
                    sentences.add(current);
                    current = new ArrayList<>();
                } else {
                    String[] f = line.split(" ");
                    current.add(new TagPair(f[0], f[1]));
                }
            }
            sentences.add(current);
            ConllResult ours = ConllEval.evaluate(sentences);

            int outputStart = i;
            Matcher h = matchOrFail(HEADER, lines.get(i++), caseName);
            assertEquals(Integer.parseInt(h.group(1)), ours.tokens(), caseName + " tokens");
            assertEquals(Integer.parseInt(h.group(2)), ours.overall().gold(), caseName + " gold phrases");
            assertEquals(Integer.parseInt(h.group(3)), ours.overall().predicted(), caseName + " found phrases");
            assertEquals(Integer.parseInt(h.group(4)), ours.overall().correct(), caseName + " correct phrases");
            if (ours.tokens() > 0) {
                Matcher o = matchOrFail(OVERALL, lines.get(i++), caseName);
                assertPercent(o.group(1), ours.accuracy(), caseName + " accuracy");
                assertPercent(o.group(2), ours.overall().precision(), caseName + " precision");
                assertPercent(o.group(3), ours.overall().recall(), caseName + " recall");
                assertPercent(o.group(4), ours.overall().f1(), caseName + " FB1");
            }
            Map<String, Matcher> printedTypes = new LinkedHashMap<>();
            for (String line; !(line = lines.get(i++)).equals("=== end"); ) {
                Matcher t = matchOrFail(TYPE, line, caseName);
                printedTypes.put(t.group(1), t);
            }
            assertEquals(List.copyOf(printedTypes.keySet()), List.copyOf(ours.byType().keySet()), caseName + " types");
            String scriptOutput = String.join("\n", lines.subList(outputStart, i - 1)) + "\n";
            assertEquals(scriptOutput, ConllReport.format(ours), caseName + ": report text differs from conlleval.pl's");
            for (Matcher t : printedTypes.values()) {
                ChunkCounts c = ours.type(t.group(1));
                String what = caseName + " type " + t.group(1);
                assertPercent(t.group(2), c.precision(), what + " precision");
                assertPercent(t.group(3), c.recall(), what + " recall");
                assertPercent(t.group(4), c.f1(), what + " FB1");
                assertEquals(Integer.parseInt(t.group(5)), c.predicted(), what + " found");
                typesChecked++;
            }
            cases++;
        }
        assertEquals(250, cases);
        assertTrue(typesChecked > 500, "per-type lines checked: " + typesChecked);
    }

    /** The script prints %6.2f of 100 * value; any value within half a unit of the last digit prints so. */
    private static void assertPercent(String printed, double fraction, String what) {
        double ours = 100 * fraction;
        assertTrue(Math.abs(ours - Double.parseDouble(printed)) <= 0.005 + 1e-9,
                what + ": conlleval printed " + printed + ", we have " + ours);
    }

    private static Matcher matchOrFail(Pattern p, String line, String caseName) {
        Matcher m = p.matcher(line);
        assertTrue(m.matches(), caseName + ": unexpected conlleval line '" + line + "'");
        return m;
    }

    private static List<String> readGolden() throws IOException {
        try (InputStream in = ConllEvalGoldenTest.class.getResourceAsStream("/eval/conlleval-golden.txt")) {
            assertTrue(in != null, "golden file missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
