package org.clinicalbert.workbench.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a tensors JSON as a checkpoint with the workbench's TfCheckpointWriter, for TensorFlow to verify
 * (tools/tf-checkpoint-writer/README.md, "verifying the Java writer").
 * Usage: JavaWrittenFixture TENSORS.json PREFIX [default|snappy|snappy-1k]
 */
final class JavaWrittenFixture {

    private JavaWrittenFixture() {
    }

    public static void main(String[] args) throws IOException {
        TfCheckpointWriter.Options options = switch (args.length > 2 ? args[2] : "default") {
            case "default" -> TfCheckpointWriter.Options.tensorFlowDefaults();
            case "snappy" -> TfCheckpointWriter.Options.snappyBlocks();
            case "snappy-1k" -> TfCheckpointWriterTest.FIXTURE_OPTIONS;
            default -> throw new IllegalArgumentException("options: default, snappy or snappy-1k, not " + args[2]);
        };
        Path prefix = Path.of(args[1]);
        TfCheckpointWriter.withOptions(options)
                .write(prefix, TfCheckpointWriterTest.arrays(ReferenceTensors.load(Path.of(args[0]))));
        System.out.println("wrote " + prefix + " (" + (args.length > 2 ? args[2] : "default") + ")");
    }
}
