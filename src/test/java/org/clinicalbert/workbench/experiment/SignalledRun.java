package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.train.TrainingListener;

import java.nio.file.Path;
import java.util.List;

/**
 * A second process for {@link RunSignalTest}: starts a MedNLI run (args: corpus folder, output folder, resume
 * command), says when the step-10 checkpoint is written, and then waits inside the next step to be signalled.
 */
public final class SignalledRun {

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        Path out = Path.of(args[1]);
        ExperimentConfig c = RunnerFixture.config(out.resolve("s.yaml"), "mednli", corpus, out,
                List.of("train.epochs=1", "train.eval_every_steps=5"));
        TrainingListener waiter = new TrainingListener() {
            private boolean checkpointed;

            @Override
            public void onCheckpoint(long step) {
                if (step == 10) {
                    checkpointed = true;
                    System.out.println("checkpoint 10");
                    System.out.flush();
                }
            }

            @Override
            public void onStep(long step, int epoch, double loss, double lr, double norm, long tokens) {
                if (checkpointed) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        new ExperimentRunner(RunnerFixture.registry(out.resolve("models"))).run(c, new ExperimentRunner.Options(false,
                Path.of("").toAbsolutePath(), label -> waiter, false, args[2]));
    }
}
