package org.clinicalbert.workbench.experiment.config;

import java.util.Collection;

/** "Did you mean ...?" for misspelt keys and values. */
final class Suggest {

    private Suggest() {
    }

    /** The candidate closest to {@code word} by edit distance, or null when none is plausibly meant. */
    static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, word.length() / 3);
        if (best != null && (bestDistance <= allowed
                || (word.length() >= 3 && (best.contains(word) || word.contains(best))))) {
            return best;
        }
        return null;
    }

    /** "; did you mean 'x'?" or "." when nothing is close, to end a sentence either way. */
    static String didYouMean(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? "." : "; did you mean '" + c + "'?";
    }

    /**
     * The end of an unknown-key message, the same for every YAML file: the suggestion (or ".") and the keys the
     * mapping at {@code section} (empty: the top) knows, e.g. "; did you mean 'lr'? Known keys of train: lr, ...".
     */
    static String knownKeys(String word, String section, java.util.List<String> known) {
        return didYouMean(word, known) + " Known keys" + (section.isEmpty() ? "" : " of " + section) + ": "
                + String.join(", ", known);
    }

    // Levenshtein distance, written out (a dozen lines) rather than pulling in commons-text for it.
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
