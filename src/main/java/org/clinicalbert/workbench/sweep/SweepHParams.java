package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.tensorboard.EventFileWriter;
import org.clinicalbert.workbench.tensorboard.EventFiles;
import org.clinicalbert.workbench.tensorboard.HParamsRecords;
import org.clinicalbert.workbench.tensorboard.Summaries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.framework.Summary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep in TensorBoard's HParams dashboard ({@code tensorboard --logdir results/sweeps/NAME}): the experiment (the
 * swept keys with the values the sweep tries, and the sweep's score) in an event file of the sweep folder, and per
 * candidate one session (its values, its status, and its dev and test scores as scalars, the score under the
 * experiment's metric tag) in an event file of the candidate's folder. The candidate's training curves are the run's
 * own event files below it. Each file is rewritten whole, so a resumed sweep leaves one record of each.
 */
final class SweepHParams {

    private static final Logger log = LoggerFactory.getLogger(SweepHParams.class);

    /** The one HParams file of a sweep folder and of each candidate folder; TensorBoard reads any "tfevents" name. */
    static final String FILE = EventFiles.PREFIX + "0.hparams";

    private final SweepConfig sweep;
    private final String scoreTag;
    /** Candidate number to the time its session started in this invocation (the end rewrites the start record). */
    private final Map<Integer, Double> startedAt = new java.util.concurrent.ConcurrentHashMap<>();

    SweepHParams(SweepConfig sweep) {
        this.sweep = sweep;
        this.scoreTag = "score/" + sweep.score();
    }

    /** The experiment record, from the candidates this sweep plans. */
    void experiment(List<SweepCandidate> candidates) {
        Map<String, Set<Object>> values = new LinkedHashMap<>();
        for (SweepCandidate c : candidates) {
            c.parameters().forEach((k, v) -> values.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
        }
        List<HParamsRecords.HParam> hparams = new ArrayList<>();
        values.forEach((k, v) -> hparams.add(new HParamsRecords.HParam(k, List.copyOf(v))));
        write(sweep.outputDir().resolve(FILE), List.of(HParamsRecords.experiment(hparams, List.of(scoreTag), now())));
    }

    void started(SweepCandidate c) {
        startedAt.put(c.number(), now());
        write(folder(c), List.of(start(c)));
    }

    void ended(CandidateRecord r) {
        List<Summary> records = new ArrayList<>();
        records.add(start(r.candidate()));
        if (r.score() != null) {
            records.add(Summaries.scalar(scoreTag, r.score()));
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        r.dev().forEach((k, v) -> scores.put("dev/" + k, v));
        r.test().forEach((k, v) -> scores.put("test/" + k, v));
        if (!scores.isEmpty()) {
            records.add(Summaries.scalars(scores));
        }
        records.add(HParamsRecords.sessionEnd(r.finished() ? HParamsRecords.Status.SUCCESS
                : HParamsRecords.Status.FAILURE, now()));
        write(folder(r.candidate()), records);
    }

    private Summary start(SweepCandidate c) {
        return HParamsRecords.sessionStart(c.parameters(), c.folderName(), startedAt.getOrDefault(c.number(), now()));
    }

    private Path folder(SweepCandidate c) {
        return sweep.outputDir().resolve(c.folderName()).resolve(FILE);
    }

    /** TensorBoard's view of a sweep is a convenience: a file that cannot be written is logged, not fatal. */
    private static void write(Path file, List<Summary> records) {
        try {
            EventFileWriter.writeWhole(file, 0, records);
        } catch (IOException | RuntimeException e) {
            log.warn("could not write TensorBoard's HParams records {}: {}", file, e.toString());
        }
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
