package org.clinicalbert.workbench.eval;

/** One entity read off a tag sequence: its type and its first and last word (inclusive, 0-based). */
public record Chunk(String type, int start, int end) {
}
