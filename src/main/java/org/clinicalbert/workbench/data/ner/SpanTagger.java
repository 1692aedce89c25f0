package org.clinicalbert.workbench.data.ner;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a text with non-overlapping entity spans into CoNLL sentences. A sentence is a line (the i2b2
 * notes are laid out one sentence or list item per line, and the original converters also tag line by line);
 * lines joined by an entity that crosses a line break become one sentence so the entity keeps one B- tag.
 * Words are whitespace-separated and additionally split wherever an entity starts or ends inside a word
 * (glued PHI such as {@code 01/01} + {@code /1995}), so every word lies wholly inside or outside an entity.
 */
public final class SpanTagger {

    private SpanTagger() {
    }

    /** @param spans non-overlapping, sorted by start (as {@link SpanValidator} returns them) */
    public static List<TaggedSentence> tag(String docId, String text, List<EntitySpan> spans) {
        List<TaggedSentence> out = new ArrayList<>();
        int n = text.length();
        int spanIdx = 0;
        int segStart = 0;
        while (segStart < n) {
            int segEnd = lineEnd(text, segStart);
            // Extend across line breaks that an entity straddles.
            boolean extended = true;
            while (extended && segEnd < n) {
                extended = false;
                for (int k = spanIdx; k < spans.size() && spans.get(k).start() < segEnd; k++) {
                    if (spans.get(k).end() > segEnd) {
                        segEnd = lineEnd(text, segEnd + 1);
                        extended = true;
                        break;
                    }
                }
            }
            List<String> words = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            EntitySpan previousWordSpan = null;
            int i = segStart;
            while (i < segEnd) {
                if (Whitespace.is(text.charAt(i))) {
                    i++;
                    continue;
                }
                while (spanIdx < spans.size() && spans.get(spanIdx).end() <= i) {
                    spanIdx++;
                }
                EntitySpan current = spanIdx < spans.size() && spans.get(spanIdx).start() <= i ? spans.get(spanIdx) : null;
                int stop;
                if (current != null) {
                    stop = current.end();
                } else if (spanIdx < spans.size()) {
                    stop = spans.get(spanIdx).start();
                } else {
                    stop = segEnd;
                }
                int j = i;
                while (j < segEnd && j < stop && !Whitespace.is(text.charAt(j))) {
                    j++;
                }
                words.add(text.substring(i, j));
                if (current == null) {
                    tags.add(LabelSet.OUTSIDE);
                } else {
                    tags.add((current == previousWordSpan ? "I-" : "B-") + current.type());
                }
                previousWordSpan = current;
                i = j;
            }
            if (!words.isEmpty()) {
                out.add(new TaggedSentence(docId, words, tags));
            }
            segStart = segEnd + 1;
        }
        return out;
    }

    private static int lineEnd(String text, int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.length() : nl;
    }
}
