package org.clinicalbert.workbench.data.mednli;

import java.nio.file.Path;

/** A record left out because its gold label is missing or not one of the three classes. */
public record SkippedPair(Path file, int line, String pairId, String goldLabel) {
}
