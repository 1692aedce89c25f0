package org.clinicalbert.workbench.compare;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** compare.png: grouped bars, one group per task and one bar per initialisation, error bars where std exists. */
final class CompareChart {

    private CompareChart() {
    }

    static byte[] png(ComparisonTable table) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(550)
                .title("Initialisations compared (" + table.split() + " split)")
                .xAxisTitle("task").yAxisTitle("score (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setErrorBarsColor(java.awt.Color.DARK_GRAY);
        chart.getStyler().setYAxisMin(0.0);
        List<String> groups = new ArrayList<>();
        table.tasks().forEach(t -> groups.add(CompareFormat.taskName(t) + " " + table.metrics().get(t)));
        if (table.rows().isEmpty() || groups.isEmpty()) {
            // XChart cannot draw a chart without series; an empty comparison still gets a (blank) chart
            chart.addSeries("no finished runs", List.of("-"), List.of(0));
        }
        for (ComparisonTable.Row r : table.rows()) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (String t : table.tasks()) {
                Cell c = r.cells().get(t);
                // a task without runs gets no bar: XChart draws nothing for NaN (null breaks its error bars)
                y.add(c == null ? Double.NaN : 100 * c.mean());
                err.add(c == null || !c.hasStd() ? 0.0 : 100 * c.std());
            }
            if (r.cells().values().stream().anyMatch(Cell::hasStd)) {
                chart.addSeries(r.displayLabel(), groups, y, err);
            } else {
                chart.addSeries(r.displayLabel(), groups, y);
            }
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
