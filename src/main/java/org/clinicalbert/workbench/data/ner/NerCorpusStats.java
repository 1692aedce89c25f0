package org.clinicalbert.workbench.data.ner;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Size of an NER corpus and its entities per type, gathered in one streaming pass over a reader. */
public record NerCorpusStats(long documents, long sentences, long tokens, Map<String, Long> entitiesByType,
                             IssueReport issues) {

    public static NerCorpusStats of(NerCorpusReader reader) {
        long docs = 0;
        long sents = 0;
        long toks = 0;
        Map<String, Long> byType = new TreeMap<>();
        try (Stream<NerDocument> s = reader.documents()) {
            for (NerDocument d : (Iterable<NerDocument>) s::iterator) {
                docs++;
                sents += d.sentences().size();
                toks += d.tokenCount();
                for (EntitySpan e : d.entities()) {
                    byType.merge(e.type(), 1L, Long::sum);
                }
            }
        }
        return new NerCorpusStats(docs, sents, toks, Collections.unmodifiableMap(byType), reader.issues());
    }

    public long entities() {
        return entitiesByType.values().stream().mapToLong(Long::longValue).sum();
    }
}
