package org.clinicalbert.workbench.data.pretrain;

import java.util.Arrays;

/**
 * One sentence pair: {@code [CLS] A [SEP] B [SEP]} as vocabulary ids with masking applied, like google's
 * TrainingInstance. Segment ids are 0 for the first {@code segmentALength} tokens ([CLS], A, [SEP]) and 1
 * for the rest, so only that length is stored.
 */
public final class TrainingInstance {

    private final int[] tokenIds;
    private final int segmentALength;
    private final boolean isRandomNext;
    private final int[] maskedLmPositions;
    private final int[] maskedLmLabelIds;

    public TrainingInstance(int[] tokenIds, int segmentALength, boolean isRandomNext,
                            int[] maskedLmPositions, int[] maskedLmLabelIds) {
        if (segmentALength < 0 || segmentALength > tokenIds.length) {
            throw new IllegalArgumentException("segment A length " + segmentALength + " outside [0, " + tokenIds.length + "]");
        }
        if (maskedLmPositions.length != maskedLmLabelIds.length) {
            throw new IllegalArgumentException("masked positions and labels differ in length");
        }
        this.tokenIds = tokenIds;
        this.segmentALength = segmentALength;
        this.isRandomNext = isRandomNext;
        this.maskedLmPositions = maskedLmPositions;
        this.maskedLmLabelIds = maskedLmLabelIds;
    }

    public int[] tokenIds() {
        return tokenIds.clone();
    }

    public int length() {
        return tokenIds.length;
    }

    public int tokenId(int position) {
        return tokenIds[position];
    }

    public int segmentALength() {
        return segmentALength;
    }

    public int[] segmentIds() {
        int[] s = new int[tokenIds.length];
        Arrays.fill(s, segmentALength, s.length, 1);
        return s;
    }

    public boolean isRandomNext() {
        return isRandomNext;
    }

    public int[] maskedLmPositions() {
        return maskedLmPositions.clone();
    }

    public int[] maskedLmLabelIds() {
        return maskedLmLabelIds.clone();
    }

    public int numMasked() {
        return maskedLmPositions.length;
    }

    /** Direct access for writers (no copy); callers must not modify. */
    int[] tokenIdsView() {
        return tokenIds;
    }

    int[] positionsView() {
        return maskedLmPositions;
    }

    int[] labelIdsView() {
        return maskedLmLabelIds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingInstance t && segmentALength == t.segmentALength && isRandomNext == t.isRandomNext
                && Arrays.equals(tokenIds, t.tokenIds) && Arrays.equals(maskedLmPositions, t.maskedLmPositions)
                && Arrays.equals(maskedLmLabelIds, t.maskedLmLabelIds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokenIds) * 31 + Arrays.hashCode(maskedLmPositions) * 7 + segmentALength
                + (isRandomNext ? 1 : 0);
    }

    @Override
    public String toString() {
        return "TrainingInstance{tokens=" + Arrays.toString(tokenIds) + ", segmentA=" + segmentALength
                + ", isRandomNext=" + isRandomNext + ", maskedLmPositions=" + Arrays.toString(maskedLmPositions)
                + ", maskedLmLabels=" + Arrays.toString(maskedLmLabelIds) + '}';
    }
}
