package org.clinicalbert.workbench.experiment;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A resume compares configs with their paths resolved: a run a local command started (relative paths, as written)
 * and the same run shipped by a Spark driver (the paths resolved against the driver's folder) are one config; a
 * path to other files is another.
 */
class ConfigYamlPathsTest {

    private static final Path BASE = Path.of("/work/project");

    private static final String LOCAL = """
            name: demo
            task: mednli
            data:
              corpus_dir: experiments/demo-data/mednli
            model:
              path: ../models/tiny
              max_seq_length: 64
            output:
              dir: results
            """;

    @Test
    void relativePathsAndTheDriversResolvedOnesAreTheSameConfig() {
        String shipped = """
                name: demo
                task: mednli
                data:
                  corpus_dir: /work/project/experiments/demo-data/mednli
                model:
                  path: /work/models/tiny
                  max_seq_length: 64
                output:
                  dir: /work/project/results
                """;
        assertEquals(ConfigYaml.withResolvedPaths(LOCAL, BASE), ConfigYaml.withResolvedPaths(shipped, BASE));
        // resolved by hand: ../models/tiny from /work/project
        assertEquals(true, ConfigYaml.withResolvedPaths(LOCAL, BASE).contains("path: /work/models/tiny"));
    }

    @Test
    void otherFilesOrAnotherValueAreAnotherConfig() {
        String otherData = LOCAL.replace("experiments/demo-data/mednli", "/elsewhere/mednli");
        String otherLength = LOCAL.replace("max_seq_length: 64", "max_seq_length: 128");
        assertNotEquals(ConfigYaml.withResolvedPaths(LOCAL, BASE), ConfigYaml.withResolvedPaths(otherData, BASE));
        assertNotEquals(ConfigYaml.withResolvedPaths(LOCAL, BASE), ConfigYaml.withResolvedPaths(otherLength, BASE));
        // the same relative paths from another folder name other files
        assertNotEquals(ConfigYaml.withResolvedPaths(LOCAL, BASE),
                ConfigYaml.withResolvedPaths(LOCAL, Path.of("/elsewhere")));
    }
}
