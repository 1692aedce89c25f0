/**
 * Experiment YAML files: the schema (keys, types, defaults and their sources), loading with {@code --set}
 * overrides and validation that names file, line and key ({@link
 * org.clinicalbert.workbench.experiment.config.KeyLocations}), and the model registry ({@code config/models.yaml}).
 *
 * <p>Must not import: {@code experiment}, {@code modelfolder}, {@code runs}, {@code predict}, {@code pretrain},
 * {@code export}, {@code compare}, {@code cli}, {@code sweep}, {@code bench}, {@code embed}, {@code train},
 * {@code study}, {@code spark} (a config is read before anything runs and must not depend on the runner).
 */
package org.clinicalbert.workbench.experiment.config;
