package org.clinicalbert.workbench.experiment.config;

import java.nio.file.Path;

/** A registry model whose checkpoint folder is not where the registry says: the message says where to get it. */
public class MissingCheckpointException extends RuntimeException {

    private final Path expected;

    public MissingCheckpointException(Path expected, String message) {
        super(message);
        this.expected = expected;
    }

    public Path expected() {
        return expected;
    }
}
