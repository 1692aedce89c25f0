"""The run path's walk (docs/run-path.md), counted: python3 tools/run-path-walk.py

Each list holds (Class.method, package) in execution order for one single-split MedNLI run that scores on test,
following the calls from ExperimentRunner.run: a stop is a call from the run's sequencing code (before:
ExperimentRunner's methods; after: ExperimentRunner and its stage classes) into another workbench class. Getters of
the config and of records are not stops; calls made only when resuming or only for a cross-validation are left out
on both sides. A package visit is a run of consecutive stops in one package; a re-entry is a visit to a package the
walk had already left. Written by hand from the source (main at fdf180d for BEFORE; the fine-tuned head check
added since sits beside ModelFolder.open on both sides and changes no package visit); not a test.
"""
BEFORE = [
    ("ModelRegistry.resolve", "experiment.config"),
    ("ModelRegistry.casing", "experiment.config"),
    ("ModelFolder.open", "modelfolder"),
    ("ThreadPolicy.apply", "modelfolder"),
    ("TaskData.mednli", "experiment"),
    ("SentencePairEncoder.<init>", "data.features"),
    ("NliTaskRun.<init>", "experiment"),
    ("ModelFolder.readWeights", "modelfolder"),
    ("RunFolder.claim", "runs"),
    ("RunFolder.file", "runs"),
    ("RunStatus.started", "runs"),
    ("StatusFile.start", "runs"),
    ("StatusFile.interruptOnSignal", "runs"),
    ("ConfigYaml.write", "experiment"),
    ("RunFolder.writeText", "runs"),
    ("RunEnvironment.capture", "experiment"),
    ("ModelFolder.checkpointPrefix", "modelfolder"),  # and doLowerCase, for environment.json
    ("RunFolder.writeEnvironment", "runs"),
    ("ConfigYaml.write", "experiment"),
    ("Provenance.start", "provenance"),
    ("BertTaskModel.create", "train"),
    ("TaskRun.trainBatches", "experiment"),
    ("TrainingLoop.totalSteps", "train"),
    ("LinearWarmupDecay.warmupSteps", "train"),
    ("TrainOptions.<init>", "train"),
    ("TensorBoardLog.<init>", "experiment"),
    ("ProgressFiles.<init>", "runs"),
    ("TrainingListener.all", "train"),
    ("TrainingLoop.run", "train"),
    ("RunFolder.open", "runs"),
    ("TaskRun.evaluate", "experiment"),
    ("Jsonl.of", "io"),
    ("RunFolder.writeText", "runs"),
    ("TaskRun.evaluate", "experiment"),
    ("Jsonl.of", "io"),
    ("RunFolder.writeText", "runs"),
    ("CurveCsv.evaluationsCsv", "runs"),
    ("LearningCurvePlot.write", "experiment"),
    ("ModelFolder.writeFineTuned", "modelfolder"),
    ("RunMetrics.Single", "runs"),
    ("RunMetrics.write", "runs"),
    ("RunReport.markdown", "experiment"),
    ("RunFolder.writeText", "runs"),
    ("StatusFile.end", "runs"),
]

# After: the stages ExperimentRunner.run calls, each with the package it does its work in.
AFTER_STAGES = [
    ("RunContext.of", "experiment.config"),      # context: model source and data files resolved from the config
    ("TaskData.of", "data"),                     # data: the task's reader (data.mednli / data.i2b2 + data.ner)
    ("RunModel.load", "modelfolder"),            # model: folder opened and checked, weights read
    ("PreparedRun.of", "data.features"),         # the data encoded with the model's tokenizer: one split or k folds
    ("RunResults.claim", "runs"),                # the run folder claimed, status kept, config + environment
    ("FineTuning.run", "train"),                 # loop
    ("RunResults.finish", "runs"),               # results: metrics, report, status
]

# After, one level further: the calls the stages make (same run as BEFORE).
AFTER = [
    ("ModelRegistry.resolve", "experiment.config"),       # RunContext.of
    ("ModelRegistry.casing", "experiment.config"),
    ("DataLocations.of", "experiment"),
    ("ConfigYaml.write", "experiment"),
    ("TaskData.mednli", "experiment"),                     # TaskData.of
    ("ModelFolder.open", "modelfolder"),                   # RunModel.load
    ("ThreadPolicy.apply", "modelfolder"),
    ("ModelFolder.readWeights", "modelfolder"),
    ("SentencePairEncoder.<init>", "data.features"),       # PreparedRun.of
    ("NliTaskRun.<init>", "experiment"),
    ("RunEnvironment.capture", "experiment"),              # RunResults.claim
    ("RunFolder.claim", "runs"),
    ("RunFolder.file", "runs"),
    ("RunStatus.started", "runs"),
    ("StatusFile.start", "runs"),
    ("StatusFile.interruptOnSignal", "runs"),
    ("RunFolder.writeText", "runs"),
    ("RunFolder.writeEnvironment", "runs"),
    ("Provenance.start", "provenance"),                    # FineTuning.run
    ("TaskRun.trainBatches", "experiment"),
    ("TensorBoardLog.<init>", "experiment"),
    ("ProgressFiles.<init>", "runs"),
    ("BertTaskModel.create", "train"),
    ("TrainingLoop.totalSteps", "train"),
    ("LinearWarmupDecay.warmupSteps", "train"),
    ("TrainOptions.<init>", "train"),
    ("TrainingListener.all", "train"),
    ("TrainingLoop.run", "train"),
    ("TaskRun.evaluate", "experiment"),                    # its results
    ("TaskRun.evaluate", "experiment"),
    ("LearningCurvePlot.write", "experiment"),
    ("Jsonl.of", "io"),
    ("Jsonl.of", "io"),
    ("RunFolder.open", "runs"),
    ("RunFolder.writeText", "runs"),
    ("RunFolder.writeText", "runs"),
    ("CurveCsv.evaluationsCsv", "runs"),
    ("RunMetrics.Single", "runs"),
    ("ModelFolder.writeFineTuned", "modelfolder"),
    ("RunReport.markdown", "experiment"),                  # RunResults.finish
    ("RunMetrics.write", "runs"),
    ("RunFolder.writeText", "runs"),
    ("StatusFile.end", "runs"),
]


def measure(walk):
    seen, reentries, prev, visits = set(), 0, None, []
    for _, pkg in walk:
        if pkg != prev:
            visits.append(pkg)
            if pkg in seen:
                reentries += 1
            seen.add(pkg)
        prev = pkg
    return len(walk), len(seen), len(visits), reentries, visits


for name, walk in [("before", BEFORE), ("after, stages", AFTER_STAGES), ("after, one level further", AFTER)]:
    stops, pkgs, visits, re, order = measure(walk)
    print(f"{name}: {stops} stops, {pkgs} packages, {visits} package visits, {re} re-entries")
    print("   ", " > ".join(order))
