package org.clinicalbert.workbench.data.features;

/** Word-piece ids of one (possibly paired) input with its segment ids: [CLS] a [SEP] (b [SEP]). */
public record PairFeatures(int[] inputIds, int[] segmentIds) {
    public int length() {
        return inputIds.length;
    }
}
