package org.clinicalbert.workbench.data.ner;

import java.util.List;

/**
 * One annotated document: its sentences (words + BIO tags) and the entity spans that were tagged
 * (the spans that passed validation; rejected ones are in the reader's {@link IssueReport}).
 */
public record NerDocument(String id, List<TaggedSentence> sentences, List<EntitySpan> entities) {

    public NerDocument {
        sentences = List.copyOf(sentences);
        entities = List.copyOf(entities);
    }

    public int tokenCount() {
        return sentences.stream().mapToInt(TaggedSentence::size).sum();
    }
}
