package org.clinicalbert.workbench.data.mimic;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats one note's TEXT for BERT pretraining: one sentence per line (as the original {@code
 * format_mimic_for_BERT.py} wrote them), section headers and list items on their own lines, de-id placeholders
 * verbatim and never split (see {@link DeidPlaceholders} for why verbatim). Stateless and thread-safe.
 */
public final class NoteFormatter {

    /** The lines of a formatted note and its token count (whitespace tokens, a placeholder counting as one). */
    public record FormattedNote(List<String> sentences, long tokens) {
        public boolean isEmpty() {
            return sentences.isEmpty();
        }
    }

    public FormattedNote format(String text) {
        DeidPlaceholders.Masked masked = DeidPlaceholders.mask(text);
        List<String> lines = new ArrayList<>();
        long tokens = 0;
        int placeholder = 0;
        for (SectionSplitter.Block block : SectionSplitter.split(masked.text())) {
            List<String> sentences = switch (block.kind()) {
                case HEADER -> List.of(block.text());
                case PROSE -> ClinicalSentenceSplitter.split(block.text());
                case ITEM -> item(block);
            };
            for (String s : sentences) {
                tokens += countTokens(s);
                lines.add(masked.restore(s, placeholder));
                placeholder += DeidPlaceholders.count(s);
            }
        }
        if (placeholder != masked.placeholders().size()) {
            // a splitter lost a placeholder mark: restoring would shift every later placeholder, so fail the note
            throw new IllegalStateException("placeholders out of step: " + placeholder + " written of "
                    + masked.placeholders().size());
        }
        return new FormattedNote(lines, tokens);
    }

    /** The marker stays on the item's first sentence, so "1." is never a sentence of its own. */
    private static List<String> item(SectionSplitter.Block block) {
        List<String> sentences = new ArrayList<>(ClinicalSentenceSplitter.split(block.text()));
        if (sentences.isEmpty()) {
            sentences.add(block.marker());
        } else {
            sentences.set(0, block.marker() + " " + sentences.get(0));
        }
        return sentences;
    }

    static long countTokens(String s) {
        long n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean ws = s.charAt(i) == ' ';
            if (!ws && !in) {
                n++;
            }
            in = !ws;
        }
        return n;
    }
}
