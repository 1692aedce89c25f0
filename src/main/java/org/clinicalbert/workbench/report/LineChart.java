package org.clinicalbert.workbench.report;

import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG: one polyline of (x, y) points with the axes' ranges printed at the corners. Drawn
 * here because a chart library would have to come from a CDN or be vendored, and a learning curve needs a polyline.
 */
final class LineChart {

    private static final int W = 420;
    private static final int H = 220;
    private static final int PAD = 40;

    record Point(double x, double y) {
    }

    private LineChart() {
    }

    /** {@code data-points} holds the point count, so a reader (and the browser test) can see what was drawn. */
    static String svg(String title, String xLabel, List<Point> points) {
        List<Point> finite = points.stream().filter(p -> Double.isFinite(p.x()) && Double.isFinite(p.y())).toList();
        if (finite.isEmpty()) {
            return "";
        }
        double x0 = finite.stream().mapToDouble(Point::x).min().orElse(0);
        double x1 = finite.stream().mapToDouble(Point::x).max().orElse(1);
        double y0 = finite.stream().mapToDouble(Point::y).min().orElse(0);
        double y1 = finite.stream().mapToDouble(Point::y).max().orElse(1);
        double dx = x1 > x0 ? x1 - x0 : 1;
        double dy = y1 > y0 ? y1 - y0 : 1;
        StringBuilder pts = new StringBuilder();
        for (Point p : finite) {
            double sx = PAD + (p.x() - x0) / dx * (W - 2 * PAD);
            double sy = H - PAD - (p.y() - y0) / dy * (H - 2 * PAD);
            // one decimal is finer than a pixel; String.format per point was most of a page's time
            pts.append(Math.round(sx * 10) / 10.0).append(',').append(Math.round(sy * 10) / 10.0).append(' ');
        }
        return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + H
                + "\" role=\"img\" aria-label=\"" + Html.esc(title) + "\">"
                + "<text x=\"" + PAD + "\" y=\"16\" font-size=\"13\">" + Html.esc(title) + "</text>"
                + line(PAD, H - PAD, W - PAD, H - PAD) + line(PAD, PAD, PAD, H - PAD)
                + label(2, H - PAD, fmt(y0)) + label(2, PAD + 4, fmt(y1))
                + label(PAD, H - PAD + 16, fmt(x0)) + label(W - PAD - 30, H - PAD + 16, fmt(x1))
                + label(W / 2 - 20, H - 6, xLabel)
                + "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" data-points=\"" + finite.size()
                + "\" points=\"" + pts.toString().trim() + "\"/></svg>";
    }

    private static String line(int a, int b, int c, int d) {
        return "<line x1=\"" + a + "\" y1=\"" + b + "\" x2=\"" + c + "\" y2=\"" + d + "\" stroke=\"#999\"/>";
    }

    private static String label(int x, int y, String text) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"10\" fill=\"#555\">" + Html.esc(text) + "</text>";
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.4g", v);
    }
}
