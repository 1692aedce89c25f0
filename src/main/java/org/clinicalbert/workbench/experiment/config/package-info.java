/**
 * Experiment YAML files: the schema (keys, types, defaults and their sources), loading with {@code --set}
 * overrides and validation that names file, line and key, and the model registry ({@code config/models.yaml}).
 * Also the one YAML reading layer of every file kind, sweep and study files included: {@link
 * org.clinicalbert.workbench.experiment.config.YamlFile} (read, parse, locate keys, name errors) and {@link
 * org.clinicalbert.workbench.experiment.config.YamlNode} (typed readers, unknown keys with suggestions).
 *
 * <p>Must not import: {@code experiment}, {@code modelfolder}, {@code runs}, {@code predict}, {@code pretrain},
 * {@code export}, {@code compare}, {@code cli}, {@code sweep}, {@code bench}, {@code embed}, {@code train},
 * {@code study}, {@code spark} (a config is read before anything runs and must not depend on the runner).
 */
package org.clinicalbert.workbench.experiment.config;
