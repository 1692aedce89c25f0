package org.clinicalbert.workbench.experiment.config;

/** One experiment: a task, its data, an initialisation, hyperparameters, what to score and where results go. */
public record ExperimentConfig(String name, Task task, DataConfig data, ModelConfig model, TrainConfig train,
                               EvalConfig eval, OutputConfig output) {
}
