/**
 * The i2b2 2006, 2010, 2012 and 2014 NER corpora in their release formats, read into character spans over each
 * note and tagged BIO by {@code data.ner}; XML read safely (no external entities) and streamed.
 *
 * <p>Must not import: {@code model}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code hf}, {@code checkpoint},
 * {@code eval}, {@code data.synth}, {@code study}, {@code spark} (readers do not depend on who calls them).
 */
package org.clinicalbert.workbench.data.i2b2;
