package org.clinicalbert.workbench.bench;

/** Seconds and calls of one {@link OpKind} summed over the profiled steps (self time, nested ops not included). */
public record OpTime(OpKind kind, double seconds, long calls) {
}
