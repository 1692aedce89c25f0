/**
 * Hyper-parameter sweeps: the sweep file, grid and random candidates through Arbiter, one run per candidate
 * (via the experiment runner), resumable, with the ledger rewritten after every candidate and the report.
 *
 * <p>Must not import: {@code cli}, {@code bench}, {@code embed}, {@code study}, {@code spark} (commands use it, not the
 * reverse).
 */
package org.clinicalbert.workbench.sweep;
