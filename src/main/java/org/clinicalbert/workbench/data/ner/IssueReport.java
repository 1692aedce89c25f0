package org.clinicalbert.workbench.data.ner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the {@link SpanIssue}s a reader meets. Counts are exact; details are kept up to a cap so a
 * badly broken corpus cannot make memory grow without bound.
 */
public final class IssueReport {

    private static final Logger LOG = LoggerFactory.getLogger(IssueReport.class);
    public static final int DEFAULT_DETAIL_LIMIT = 10_000;

    private final int detailLimit;
    private final List<SpanIssue> issues = new ArrayList<>();
    private final Map<SpanIssue.Kind, Integer> counts = new EnumMap<>(SpanIssue.Kind.class);

    public IssueReport() {
        this(DEFAULT_DETAIL_LIMIT);
    }

    public IssueReport(int detailLimit) {
        this.detailLimit = detailLimit;
    }

    public synchronized void add(SpanIssue issue) {
        counts.merge(issue.kind(), 1, Integer::sum);
        if (issues.size() < detailLimit) {
            issues.add(issue);
        }
        LOG.debug("span issue: {}", issue);
    }

    public synchronized int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized int count(SpanIssue.Kind kind) {
        return counts.getOrDefault(kind, 0);
    }

    public synchronized Map<SpanIssue.Kind, Integer> counts() {
        return Collections.unmodifiableMap(new EnumMap<>(counts));
    }

    /** The recorded issues, in the order met (at most the detail limit). */
    public synchronized List<SpanIssue> issues() {
        return List.copyOf(issues);
    }

    public synchronized boolean isEmpty() {
        return counts.isEmpty();
    }
}
