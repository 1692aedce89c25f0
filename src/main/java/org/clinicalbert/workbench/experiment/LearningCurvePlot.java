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

/** Training loss per step and the dev score per evaluation, as a PNG (XChart, headless). */
public final class LearningCurvePlot {

    private LearningCurvePlot() {
    }

    public static void write(Path png, String title, TrainingState state, String scoreName) throws IOException {
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
        }
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.writeBytes(png, bytes);
    }
}
