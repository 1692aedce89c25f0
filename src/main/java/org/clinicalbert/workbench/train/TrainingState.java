package org.clinicalbert.workbench.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a run is, enough to resume it exactly: the next optimiser step's position, the best score so far,
 * and the curves recorded up to here (so a resumed run's history is complete).
 */
public final class TrainingState {

    public long step;
    public int epoch;
    /** Optimiser steps already done within {@link #epoch}. */
    public long stepInEpoch;
    public double bestScore = Double.NEGATIVE_INFINITY;
    public long bestStep = -1;
    public int evalsWithoutImprovement;
    public boolean stoppedEarly;
    public List<StepRecord> steps = new ArrayList<>();
    public List<EvalRecord> evaluations = new ArrayList<>();

    public record StepRecord(long step, int epoch, double loss, double learningRate, double gradNorm) {
    }

    public record EvalRecord(long step, int epoch, double score, Map<String, Double> metrics) {
    }
}
