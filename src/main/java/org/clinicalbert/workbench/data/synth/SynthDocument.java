package org.clinicalbert.workbench.data.synth;

import org.clinicalbert.workbench.data.ner.EntitySpan;
import org.clinicalbert.workbench.data.ner.LabelSet;
import org.clinicalbert.workbench.data.ner.TaggedSentence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A generated document with its ground truth: the text, the entity spans (char offsets into the text) and, per
 * sentence, each word with the entity it belongs to. The expected BIO tags come from how the text was built, not
 * from re-tokenising it, so a reader's output can be checked against them.
 */
public record SynthDocument(String id, String text, List<EntitySpan> spans, List<List<Word>> sentenceWords) {

    /** A word and the entity it belongs to (null type = outside), {@code first} if it opens that entity. */
    public record Word(String text, String type, boolean first) {
    }

    public SynthDocument {
        spans = List.copyOf(spans);
        sentenceWords = sentenceWords.stream().map(List::copyOf).toList();
    }

    /** Expected sentences when only the types accepted by {@code keep} are tagged. */
    public List<TaggedSentence> sentences(Predicate<String> keep) {
        List<TaggedSentence> out = new ArrayList<>();
        for (List<Word> ws : sentenceWords) {
            List<String> words = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            for (Word w : ws) {
                words.add(w.text());
                if (w.type() == null || !keep.test(w.type())) {
                    tags.add(LabelSet.OUTSIDE);
                } else {
                    tags.add((w.first() ? "B-" : "I-") + w.type());
                }
            }
            out.add(new TaggedSentence(id, words, tags));
        }
        return out;
    }

    public List<TaggedSentence> sentences() {
        return sentences(t -> true);
    }

    public List<EntitySpan> spans(Predicate<String> keep) {
        return spans.stream().filter(s -> keep.test(s.type())).toList();
    }
}
