package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sweep's scores as PNGs (XChart, headless): {@code sweep.png}, score per candidate with the best marked;
 * and, when the learning rate is swept, {@code sweep-lr.png}, score against lr (log axis), one line per setting
 * of the other parameters.
 */
final class SweepPlot {

    static final String LR = "train.lr";

    private SweepPlot() {
    }

    static void write(Path dir, SweepOutcome o) throws IOException {
        List<CandidateRecord> done = o.records().stream().filter(CandidateRecord::finished).toList();
        if (done.isEmpty()) {
            return; // nothing scored yet: XChart cannot draw an empty series
        }
        System.setProperty("java.awt.headless", "true");
        String score = o.sweep().score().toString();
        XYChart chart = new XYChartBuilder().width(900).height(500)
                .title(o.sweep().name() + ": " + score + " per candidate").xAxisTitle("candidate").yAxisTitle(score).build();
        chart.getStyler().setYAxisDecimalPattern("0.000").setXAxisDecimalPattern("0").setMarkerSize(10);
        List<CandidateRecord> others = done.stream().filter(r -> !o.isBest(r)).toList();
        if (!others.isEmpty()) { // XChart cannot draw an empty series
            XYSeries all = chart.addSeries("finished", others.stream().mapToDouble(CandidateRecord::number).toArray(),
                    others.stream().mapToDouble(CandidateRecord::score).toArray());
            all.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            all.setMarker(SeriesMarkers.CIRCLE);
        }
        if (o.best() != null) {
            XYSeries best = chart.addSeries("best (candidate " + o.best().number() + ")",
                    new double[]{o.best().number()}, new double[]{o.best().score()});
            best.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            best.setMarker(SeriesMarkers.DIAMOND);
        }
        AtomicFiles.writeBytes(dir.resolve("sweep.png"), BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));

        if (o.sweep().parameters().containsKey(LR)) {
            AtomicFiles.writeBytes(dir.resolve("sweep-lr.png"),
                    BitmapEncoder.getBitmapBytes(scoreVsLr(o, done, score), BitmapEncoder.BitmapFormat.PNG));
        }
    }

    private static XYChart scoreVsLr(SweepOutcome o, List<CandidateRecord> done, String score) {
        XYChart chart = new XYChartBuilder().width(900).height(500)
                .title(o.sweep().name() + ": " + score + " against learning rate").xAxisTitle(LR).yAxisTitle(score).build();
        double lo = done.stream().mapToDouble(SweepPlot::lr).min().orElse(1);
        double hi = done.stream().mapToDouble(SweepPlot::lr).max().orElse(1);
        // XChart labels only whole decades on a log axis: worth it only when the rates span one
        chart.getStyler().setXAxisLogarithmic(hi / lo >= 10);
        chart.getStyler().setXAxisDecimalPattern("0.0E0").setYAxisDecimalPattern("0.000").setMarkerSize(8);
        Map<String, List<CandidateRecord>> lines = new LinkedHashMap<>();
        for (CandidateRecord r : done) {
            List<String> others = new ArrayList<>();
            r.candidate().parameters().forEach((k, v) -> {
                if (!k.equals(LR)) {
                    others.add(k + "=" + v);
                }
            });
            lines.computeIfAbsent(others.isEmpty() ? score : String.join(", ", others), k -> new ArrayList<>()).add(r);
        }
        lines.forEach((label, rs) -> {
            List<CandidateRecord> sorted = rs.stream()
                    .sorted(java.util.Comparator.comparingDouble(r -> lr(r))).toList();
            XYSeries s = chart.addSeries(label, sorted.stream().mapToDouble(SweepPlot::lr).toArray(),
                    sorted.stream().mapToDouble(CandidateRecord::score).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        return chart;
    }

    private static double lr(CandidateRecord r) {
        return Double.parseDouble(String.valueOf(r.candidate().parameters().get(LR)));
    }
}
