package org.clinicalbert.workbench.checkpoint;

/** Where a block of a LevelDB-format table lies: its offset and size, not counting the 5-byte trailer. */
record BlockHandle(long offset, long size) {
}
