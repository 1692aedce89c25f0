/**
 * The native runtime under ND4J: which nd4j-native build a process loads ({@link
 * org.clinicalbert.workbench.runtime.NativeBuild}) and how much memory the process holds ({@link
 * org.clinicalbert.workbench.runtime.ProcessMemory}, which the benchmark and the out-of-memory message
 * read). The build is chosen before the first ND4J call, so this package imports nothing of the workbench and
 * nothing of ND4J.
 */
package org.clinicalbert.workbench.runtime;
