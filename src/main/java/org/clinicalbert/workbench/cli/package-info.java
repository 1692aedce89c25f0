/**
 * The command line: one picocli class per command, registered in {@link org.clinicalbert.workbench.cli.Workbench},
 * plus the one place errors become a line and an exit code ({@link org.clinicalbert.workbench.cli.ErrorReporter})
 * and the progress display. Commands parse options and call the layers below; they hold no logic of their own
 * that another command or a test would need.
 *
 * <p>Must not import: no rule (the top layer: it may import every package, and nothing imports it).
 */
package org.clinicalbert.workbench.cli;
