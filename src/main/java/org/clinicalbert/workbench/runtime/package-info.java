/**
 * What the code runs on and as: which nd4j-native build a process loads ({@link
 * org.clinicalbert.workbench.runtime.NativeBuild}), how much memory the process holds ({@link
 * org.clinicalbert.workbench.runtime.ProcessMemory}, which the benchmark and the out-of-memory message read), the
 * machine facts every result records under one set of keys ({@link org.clinicalbert.workbench.runtime.MachineFacts}),
 * the git state of the code ({@link org.clinicalbert.workbench.runtime.GitState}) and the library versions on the
 * class path ({@link org.clinicalbert.workbench.runtime.LibraryVersions}). The build is chosen before the first ND4J
 * call, so {@code NativeBuild} and {@code ProcessMemory} touch nothing of ND4J; {@code MachineFacts} reads it when
 * called.
 *
 * <p>Must not import: any other workbench package, {@code org.clinicalbert.workbench} (every layer may ask what it
 * runs on).
 */
package org.clinicalbert.workbench.runtime;
