/**
 * The native runtime under ND4J: which nd4j-native build a process loads ({@link
 * org.clinicalbert.workbench.runtime.NativeBuild}). Set before the first ND4J call, so it imports nothing of the
 * workbench and nothing of ND4J.
 */
package org.clinicalbert.workbench.runtime;
