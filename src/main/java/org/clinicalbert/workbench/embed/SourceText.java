package org.clinicalbert.workbench.embed;

/**
 * One text of the input: its id (the jsonl id field, a note's ROW_ID, {@code shard:line}, or the line number) and
 * where it is ({@code file}, 1-based {@code line}) so that ids.jsonl and errors can point back to it.
 */
public record SourceText(String id, String file, long line, String text) {
}
