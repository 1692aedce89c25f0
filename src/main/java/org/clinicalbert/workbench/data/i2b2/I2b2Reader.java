package org.clinicalbert.workbench.data.i2b2;

import org.clinicalbert.workbench.data.ner.EntitySpan;
import org.clinicalbert.workbench.data.ner.IssueReport;
import org.clinicalbert.workbench.data.ner.NerCorpusReader;
import org.clinicalbert.workbench.data.ner.NerDocument;
import org.clinicalbert.workbench.data.ner.SpanTagger;
import org.clinicalbert.workbench.data.ner.SpanValidator;
import org.clinicalbert.workbench.data.ner.TextMatcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What every i2b2 reader does once it has a note's text and its annotations, whatever the release's format: the
 * spans checked against the text (how a span's own copy of the text must match differs by release, hence the
 * {@link TextMatcher}), each rejected span recorded where it stands in its file, and the kept ones tagged.
 */
abstract class I2b2Reader implements NerCorpusReader {

    /** Spans rejected so far, and notes read only partly; the readers add what they find before validation. */
    protected final IssueReport issues = new IssueReport();

    private final SpanValidator validator;

    I2b2Reader(TextMatcher matcher) {
        this.validator = new SpanValidator(matcher);
    }

    @Override
    public IssueReport issues() {
        return issues;
    }

    /** The document {@code id} of {@code file} with the spans that pass the checks; {@code places} locate each. */
    NerDocument tagged(Path file, String id, String text, List<EntitySpan> spans, Map<EntitySpan, String> places) {
        List<EntitySpan> kept = validator.validate(file, id, text, spans, places, issues);
        return new NerDocument(id, SpanTagger.tag(id, text, kept), kept);
    }
}
