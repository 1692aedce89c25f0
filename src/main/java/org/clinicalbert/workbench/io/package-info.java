/**
 * The file rules every layer follows: atomic writes ({@link org.clinicalbert.workbench.io.AtomicFiles}), strict
 * UTF-8 decoding, and the input error that becomes one {@code error: <file>[:<where>]: <what>} line
 * ({@link org.clinicalbert.workbench.io.InputFormatException}), and which locations are Hadoop file system URIs
 * rather than paths ({@link org.clinicalbert.workbench.io.ResultsLocation}).
 *
 * <p>Must not import: any other workbench package, {@code org.clinicalbert.workbench} (it is the bottom layer).
 */
package org.clinicalbert.workbench.io;
