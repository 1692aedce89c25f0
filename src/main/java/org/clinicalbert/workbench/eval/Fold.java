package org.clinicalbert.workbench.eval;

import java.util.List;

/** One cross-validation fold: train on {@code train}, score on {@code heldOut}. */
public record Fold(int index, List<String> train, List<String> heldOut) {

    public Fold {
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
    }
}
