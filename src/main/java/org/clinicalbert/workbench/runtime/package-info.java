/**
 * The native runtime under ND4J: which nd4j-native build a process loads ({@link
 * org.clinicalbert.workbench.runtime.NativeBuild}) and how much memory the process holds ({@link
 * org.clinicalbert.workbench.runtime.ProcessMemory}, which the benchmark and the out-of-memory message
 * read). The build is chosen before the first ND4J call, so those two classes touch nothing of ND4J.
 *
 * <p>Must not import: any other workbench package, {@code org.clinicalbert.workbench} (every layer may ask what it
 * runs on).
 */
package org.clinicalbert.workbench.runtime;
