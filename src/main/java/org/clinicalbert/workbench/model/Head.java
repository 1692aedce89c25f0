package org.clinicalbert.workbench.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * What every head attached to a {@link BertGraph} gives back: its logits and its scalar loss (google's reduction
 * for that head). The four heads are records of this shape.
 */
public interface Head {

    SDVariable logits();

    SDVariable loss();
}
