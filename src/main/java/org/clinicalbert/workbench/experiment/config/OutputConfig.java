package org.clinicalbert.workbench.experiment.config;

import java.nio.file.Path;

/** @param dir the run's results folder */
public record OutputConfig(Path dir) {
}
