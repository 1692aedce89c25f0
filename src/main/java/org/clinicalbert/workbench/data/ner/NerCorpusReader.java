package org.clinicalbert.workbench.data.ner;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads one annotated NER corpus document by document. {@link #documents()} is lazy: each document is parsed
 * when the stream reaches it, so memory does not grow with corpus size. Close the stream when done.
 */
public interface NerCorpusReader {

    /** The entity types this reader accepts; an annotation with another type is an input error. */
    LabelSet labels();

    /** Span problems met so far by this reader's streams. */
    IssueReport issues();

    /** Document ids in reading order, found without building sentences (used by {@link DevSplit}). */
    List<String> documentIds();

    Stream<NerDocument> documents();

    /**
     * Only the documents whose id passes {@code keep} (e.g. the train or dev side of a {@link DevSplit}).
     * Readers with one file per document override this to skip the other files unread.
     */
    default Stream<NerDocument> documents(Predicate<String> keep) {
        return documents().filter(d -> keep.test(d.id()));
    }

    default Stream<TaggedSentence> sentences() {
        return documents().flatMap(d -> d.sentences().stream());
    }
}
