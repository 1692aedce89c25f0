package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.runs.ResumeCommand;
import org.clinicalbert.workbench.runs.RunFolder;
import org.clinicalbert.workbench.runs.RunLock;
import org.clinicalbert.workbench.runs.RunMetrics;
import org.clinicalbert.workbench.runs.RunState;
import org.clinicalbert.workbench.runs.RunStatus;
import org.clinicalbert.workbench.runs.StatusFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A run's results folder while the run is in it: claimed (new, or the unfinished one to resume) and locked, its
 * status.json kept (a signal ends it as interrupted), the resolved config and the environment written first; the
 * metrics, report and final status when the loop is done. Closing gives back the signal handler and the lock.
 */
final class RunResults implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunResults.class);

    private final RunContext context;
    private final RunFolder run;
    private final RunLock lock;
    private final StatusFile.SignalGuard signals;
    private final Map<String, Object> environment;
    private final SubRun top;

    private RunResults(RunContext context, RunFolder run, RunLock lock, StatusFile.SignalGuard signals,
                       Map<String, Object> environment, SubRun top) {
        this.context = context;
        this.run = run;
        this.lock = lock;
        this.signals = signals;
        this.environment = environment;
        this.top = top;
    }

    /**
     * Claims the context's run folder; only after the data and the model are known good (no folder otherwise).
     *
     * @param model what environment.json says the run started from
     */
    static RunResults claim(RunContext context, RunModel model) throws IOException {
        ExperimentConfig config = context.config();
        ExperimentRunner.Options options = context.options();
        // the machine, code and model this attempt starts with (a resumed run's are kept beside its first start's)
        Map<String, Object> started = RunEnvironment.capture(context, model.folder());
        RunFolder.Claim claim = RunFolder.claim(config.output().dir(), config.name(), options.resume(),
                options.startIfNothingToResume(), log::warn);
        RunLock lock = claim.lock();
        StatusFile.SignalGuard signals = null;
        try {
            RunFolder run = claim.folder();
            if (claim.resuming()) {
                Path base = options.workingDir() != null ? options.workingDir() : Path.of("").toAbsolutePath();
                run.requireConfig(context.configYaml(), yaml -> ConfigYaml.withResolvedPaths(yaml, base));
                log.info("resuming run {}", run.dir());
            }
            String resume = options.resumeCommand() != null ? options.resumeCommand()
                    : ResumeCommand.run(run.file(ConfigYaml.FILE), ResumeCommand.Options.NONE);
            RunStatus initial = claim.resuming() ? RunStatus.read(run.dir()).map(s -> s.resumed(resume))
                    .orElseGet(() -> RunStatus.started("run", resume)) : RunStatus.started("run", resume);
            StatusFile status = StatusFile.start(run.dir(), initial);
            signals = status.interruptOnSignal();
            run.writeText(ConfigYaml.FILE, context.configYaml());
            Map<String, Object> env = run.writeEnvironment(started, claim.resuming());
            return new RunResults(context, run, lock, signals,
                    env, new SubRun(run.dir(), "train", claim.resuming(), status));
        } catch (RuntimeException | IOException | Error e) {
            // the folder stays (a claimed folder is the run's, even if it never started); its lock does not
            try (lock) {
                if (signals != null) {
                    signals.close();
                }
            }
            throw e;
        }
    }

    /** Where the loop writes: the run folder itself (a cross-validated run's folds go below it). */
    SubRun top() {
        return top;
    }

    /** Writes the loop's metrics, the report and the finished status; the run's result. */
    ExperimentRunner.Result finish(RunMetrics metrics) throws IOException {
        String report = RunReport.markdown(context.config(), environment, metrics);
        metrics.write(run.dir());
        run.writeText("report.md", report);
        top.status().end(RunState.FINISHED, null);
        return new ExperimentRunner.Result(run.dir(), metrics);
    }

    /** Ends the status as failed with what went wrong (the exception itself is the caller's to throw). */
    void failed(Exception e) throws IOException {
        top.status().end(RunState.FAILED, String.valueOf(e.getMessage()));
    }

    @Override
    public void close() throws IOException {
        try (lock) {
            signals.close();
        }
    }
}
