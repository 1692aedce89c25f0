/**
 * What produced a model folder: {@code provenance.json} beside every model a run, {@code pretrain} or
 * {@code export} writes ({@link org.clinicalbert.workbench.provenance.Provenance}), enough for someone holding only
 * that folder to say which data, config and code made it. Built from plain values (config text, paths, seed), so
 * any layer that writes a model folder can record one in a line.
 *
 * <p>Must not import: {@code model}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code sweep}, {@code bench},
 * {@code embed}, {@code hf}, {@code checkpoint}, {@code data}, {@code study}, {@code spark} (it records facts about
 * files; it does not read models or corpora).
 */
package org.clinicalbert.workbench.provenance;
