package org.clinicalbert.workbench.study;

import org.clinicalbert.workbench.sweep.CandidateRecord;
import org.clinicalbert.workbench.sweep.SweepOutcome;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Phase 2 for one (task, initialisation): the grid's candidates ranked by dev score, and the best of them.
 *
 * @param ranking every candidate, best first: finished ones by {@link #TIE_RULE}, failed ones after them
 * @param gridDir the grid's sweep folder (sweep.md holds every candidate's dev metrics)
 */
public record Selection(StudyCell cell, CandidateRecord best, List<CandidateRecord> ranking, Path gridDir) {

    /** How the best configuration is chosen, in words for the reports. */
    public static final String TIE_RULE = "highest dev score; a tie goes to the candidate that comes first in the "
            + "grid (the lowest candidate number: the first grid key varies fastest)";

    /** The same order as the sweep's own "best": highest score, then the lower candidate number. */
    static final Comparator<CandidateRecord> ORDER = Comparator.comparingDouble((CandidateRecord r) -> -r.score())
            .thenComparingInt(CandidateRecord::number);

    public Selection {
        ranking = List.copyOf(ranking);
    }

    /** The selection from a complete grid; null best when no candidate finished. */
    static Selection of(StudyCell cell, SweepOutcome grid) {
        List<CandidateRecord> ranking = new ArrayList<>(grid.records().stream().filter(CandidateRecord::finished)
                .sorted(ORDER).toList());
        CandidateRecord best = ranking.isEmpty() ? null : ranking.get(0);
        grid.records().stream().filter(r -> !r.finished()).forEach(ranking::add);
        return new Selection(cell, best, ranking, grid.sweep().outputDir());
    }
}
