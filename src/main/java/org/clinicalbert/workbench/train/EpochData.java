package org.clinicalbert.workbench.train;

import java.util.List;

/**
 * The training batches of one epoch. Must be a pure function of the epoch number (shuffle seeded by
 * seed and epoch), so that a resumed run sees exactly the batches the interrupted one would have.
 */
@FunctionalInterface
public interface EpochData {
    List<Batch> batches(int epoch);
}
