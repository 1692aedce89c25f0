package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.train.TrainingState;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Training loss per step and the dev score per evaluation, as a PNG (XChart, headless); the best checkpoint (the
 * evaluation whose model is kept and scored) is marked on the dev curve.
 */
public final class LearningCurvePlot {

    private LearningCurvePlot() {
    }

    public static void write(Path png, String title, TrainingState state, String scoreName) throws IOException {
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart(title, state, scoreName), BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.writeBytes(png, bytes);
    }

    /** The name of the series marking the best checkpoint. */
    static String bestLabel(String scoreName, long step) {
        return "best checkpoint: dev " + scoreName + " at step " + step;
    }

    static XYChart chart(String title, TrainingState state, String scoreName) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
                .xAxisTitle("optimiser step").yAxisTitle("training loss").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        List<TrainingState.StepRecord> steps = state.steps;
        if (!steps.isEmpty()) {
            double[] x = steps.stream().mapToDouble(TrainingState.StepRecord::step).toArray();
            double[] y = steps.stream().mapToDouble(TrainingState.StepRecord::loss).toArray();
            XYSeries loss = chart.addSeries("training loss", x, y);
            loss.setMarker(SeriesMarkers.NONE);
        }
        if (!state.evaluations.isEmpty()) {
            double[] x = state.evaluations.stream().mapToDouble(TrainingState.EvalRecord::step).toArray();
            double[] y = state.evaluations.stream().mapToDouble(TrainingState.EvalRecord::score).toArray();
            XYSeries dev = chart.addSeries("dev " + scoreName, x, y);
            dev.setYAxisGroup(1);
            dev.setMarker(SeriesMarkers.CIRCLE);
            chart.setYAxisGroupTitle(1, "dev " + scoreName);
            state.evaluations.stream().filter(e -> e.step() == state.bestStep).findFirst().ifPresent(best -> {
                XYSeries mark = chart.addSeries(bestLabel(scoreName, best.step()), new double[] {best.step()},
                        new double[] {best.score()});
                mark.setYAxisGroup(1);
                mark.setMarker(SeriesMarkers.DIAMOND);
                mark.setMarkerColor(java.awt.Color.RED);
                mark.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.NONE);
            });
        }
        return chart;
    }
}
