package org.clinicalbert.workbench.checkpoint;

/** The checkpoint's BundleHeaderProto: how many data shards, and which TensorBundle version wrote it. */
public record BundleHeader(int numShards, boolean littleEndian, int producerVersion) {
}
