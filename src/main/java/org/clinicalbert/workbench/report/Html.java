package org.clinicalbert.workbench.report;

import org.clinicalbert.workbench.io.MarkupText;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The pieces every page is made of: escaping, links between files, numbers, tables, and the page around them. */
final class Html {

    /** Sorts a table by the clicked column: numbers by value (data-v), text alphabetically; a second click reverses. */
    private static final String SORT_SCRIPT = """
            document.querySelectorAll('table.sortable th').forEach(function (th, col) {
              th.addEventListener('click', function () {
                var body = th.closest('table').tBodies[0];
                var up = th.dataset.dir !== 'up';
                th.dataset.dir = up ? 'up' : 'down';
                var rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (a, b) {
                  var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v;
                  var r = (x !== undefined && y !== undefined) ? parseFloat(x) - parseFloat(y)
                      : a.cells[col].textContent.localeCompare(b.cells[col].textContent);
                  return up ? r : -r;
                });
                rows.forEach(function (r) { body.appendChild(r); });
              });
            });
            """;

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
            table{border-collapse:collapse;margin:.5em 0 1.5em}
            th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;font-size:14px}
            th{background:#f3f3f3}
            table.sortable th{cursor:pointer}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            tr.best td{background:#e6f4e6;font-weight:600}
            pre{background:#f7f7f7;padding:.6em;overflow:auto}
            svg{border:1px solid #ddd;margin:.3em}
            .muted{color:#777}
            """;

    private Html() {
    }

    static String esc(String s) {
        return s == null ? "" : MarkupText.escape(s);
    }

    /** A link from the page {@code from} (a file) to {@code to}, relative so the report can be moved with results. */
    static String link(Path from, Path to, String text) {
        return "<a href=\"" + esc(href(from, to)) + "\">" + esc(text) + "</a>";
    }

    /** " · name" links to each of {@code dir}'s files that exists, in the order given. */
    static String fileLinks(Path page, Path dir, List<String> names) {
        StringBuilder b = new StringBuilder();
        for (String f : names) {
            if (java.nio.file.Files.isRegularFile(dir.resolve(f))) {
                b.append(" · ").append(link(page, dir.resolve(f), f));
            }
        }
        return b.toString();
    }

    static String href(Path from, Path to) {
        Path rel = from.toAbsolutePath().normalize().getParent().relativize(to.toAbsolutePath().normalize());
        StringBuilder b = new StringBuilder();
        for (Path part : rel) {
            if (!b.isEmpty()) {
                b.append('/');
            }
            b.append(java.net.URLEncoder.encode(part.toString(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        }
        return b.toString();
    }

    /** A score as the study reports it: four decimals. */
    static String number(Double v) {
        return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** A numeric table cell: the value to sort by in data-v, the shown text inside. */
    static String numCell(Double v) {
        return v == null || v.isNaN() ? "<td class=\"num\"></td>"
                : "<td class=\"num\" data-v=\"" + v + "\">" + number(v) + "</td>";
    }

    /** A numeric cell shown as written (a file's own formatting), sorted by its value. */
    static String numCell(String text) {
        return "<td class=\"num\" data-v=\"" + esc(text) + "\">" + esc(text) + "</td>";
    }

    static String cell(String text) {
        return "<td>" + esc(text) + "</td>";
    }

    static String head(List<String> columns) {
        StringBuilder b = new StringBuilder("<thead><tr>");
        columns.forEach(c -> b.append("<th>").append(esc(c)).append("</th>"));
        return b.append("</tr></thead>").toString();
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title><style>" + STYLE + "</style></head><body>\n<h1>" + esc(title) + "</h1>\n" + body
                + "\n<script>" + SORT_SCRIPT + "</script></body></html>\n";
    }
}
