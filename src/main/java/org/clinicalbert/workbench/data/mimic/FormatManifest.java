package org.clinicalbert.workbench.data.mimic;

import java.util.List;
import java.util.Map;

/**
 * The record of finished shards that makes a format run resumable: written (atomically) after every shard, read at
 * the start of the next run, which skips the shards listed here. A run over a different input, pipeline or shard
 * size refuses to mix its output with these shards.
 */
public record FormatManifest(Fingerprint fingerprint, Map<String, CategoryShards> categories) {

    /** What must match for shards to be reused. */
    public record Fingerprint(String input, long inputBytes, long inputModifiedMillis, String pipelineSha256,
                              int shardSize) {
    }

    /** The finished shards of one category, in order; {@code category} is the CATEGORY value, the key its slug. */
    public record CategoryShards(String category, List<Shard> shards) {
    }

    /**
     * One finished shard: {@code notes} selected notes went into it, {@code written} of them produced text,
     * {@code empty} had no text after formatting, {@code failed} broke the formatter.
     */
    public record Shard(int index, String file, long notes, long written, long sentences, long tokens, long empty,
                        List<FailedNote> failed) {
    }

    public record FailedNote(String rowId, long recordNumber, String reason) {
    }
}
