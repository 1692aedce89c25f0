package org.clinicalbert.workbench.sweep;

import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Arbiter's grid and random generators over a sweep's {@link OverrideSpace}: Arbiter decides which candidates a
 * sweep has and in which order; the {@link CandidateLoop} runs them.
 */
public final class CandidateGenerators {

    private CandidateGenerators() {
    }

    /** A fresh generator: grid in sequential order (first key varies fastest), or random seeded by the sweep. */
    private static CandidateGenerator create(SweepConfig sweep) {
        OverrideSpace space = new OverrideSpace(sweep.parameters());
        if (sweep.search() == SweepConfig.Search.GRID) {
            // discretizationCount only applies to continuous leaves, which a grid sweep file cannot hold
            return new GridSearchCandidateGenerator(space, 1, GridSearchCandidateGenerator.Mode.Sequential, null);
        }
        RandomSearchGenerator random = new RandomSearchGenerator(space);
        random.setRngSeed(sweep.seed());
        return random;
    }

    /** How many candidates the sweep has: the grid's size, or the random search's {@code candidates}. */
    public static int planned(SweepConfig sweep) {
        if (sweep.search() == SweepConfig.Search.RANDOM) {
            return sweep.candidates();
        }
        return ((GridSearchCandidateGenerator) create(sweep)).getTotalNumCandidates();
    }

    /** The first {@code max} candidates, in the order the loop visits them (and a dry run lists them). */
    public static List<SweepCandidate> list(SweepConfig sweep, int max) {
        CandidateGenerator g = create(sweep);
        List<SweepCandidate> out = new ArrayList<>();
        while (out.size() < max && g.hasMoreCandidates()) {
            out.add(toSweepCandidate(g.getCandidate()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static SweepCandidate toSweepCandidate(Candidate<?> c) {
        if (c.getException() != null) {
            throw new IllegalStateException("candidate " + (c.getIndex() + 1) + " could not be generated", c.getException());
        }
        return new SweepCandidate(c.getIndex() + 1, (Map<String, Object>) c.getValue());
    }
}
