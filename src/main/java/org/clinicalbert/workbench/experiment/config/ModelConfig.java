package org.clinicalbert.workbench.experiment.config;

import java.nio.file.Path;

/**
 * The initialisation: exactly one of {@code init} (a name in the model registry) or {@code path}
 * (a checkpoint folder with bert_config.json and vocab.txt).
 *
 * @param maxSeqLength word pieces per example, [CLS] and [SEP] included
 */
public record ModelConfig(String init, Path path, int maxSeqLength) {
}
