package org.clinicalbert.workbench.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Formats a {@link ConllResult} exactly as conlleval.pl prints it, so reports can be compared with the
 * original study's output line by line. Percentages are computed in the script's order of operations and
 * rounded as C's printf rounds the binary value (half-even on the exact value), not as Java's Formatter does.
 */
public final class ConllReport {

    private ConllReport() {
    }

    public static String format(ConllResult r) {
        StringBuilder sb = new StringBuilder();
        ChunkCounts o = r.overall();
        sb.append("processed ").append(r.tokens()).append(" tokens with ").append(o.gold())
                .append(" phrases; found: ").append(o.predicted()).append(" phrases; correct: ").append(o.correct())
                .append(".\n");
        if (r.tokens() > 0) {
            double[] prf = percent(o);
            sb.append("accuracy: ").append(f62(100.0 * r.correctTags() / r.tokens())).append("%; ")
                    .append("precision: ").append(f62(prf[0])).append("%; ")
                    .append("recall: ").append(f62(prf[1])).append("%; ")
                    .append("FB1: ").append(f62(prf[2])).append('\n');
        }
        for (Map.Entry<String, ChunkCounts> e : r.byType().entrySet()) {
            double[] prf = percent(e.getValue());
            sb.append(String.format("%17s", e.getKey())).append(": ")
                    .append("precision: ").append(f62(prf[0])).append("%; ")
                    .append("recall: ").append(f62(prf[1])).append("%; ")
                    .append("FB1: ").append(f62(prf[2])).append("  ").append(e.getValue().predicted()).append('\n');
        }
        return sb.toString();
    }

    /** Precision, recall, FB1 in percent, computed as the script does (F from the percentages). */
    private static double[] percent(ChunkCounts c) {
        double p = c.predicted() == 0 ? 0.0 : 100.0 * c.correct() / c.predicted();
        double r = c.gold() == 0 ? 0.0 : 100.0 * c.correct() / c.gold();
        double f = p + r == 0.0 ? 0.0 : 2 * p * r / (p + r);
        return new double[] {p, r, f};
    }

    /** printf's %6.2f. */
    private static String f62(double v) {
        String s = new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        return " ".repeat(Math.max(0, 6 - s.length())) + s;
    }
}
