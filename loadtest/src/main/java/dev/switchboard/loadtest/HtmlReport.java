package dev.switchboard.loadtest;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A self-contained HTML page of a run: the verdict, the figures, and two SVG charts (token lateness
 * percentiles and tokens/s over time). No script, no external files: it opens anywhere.
 */
final class HtmlReport {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 220;

    private HtmlReport() {
    }

    static String render(Result result) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Switchboard load test</title>")
                .append("<style>body{font:15px/1.4 system-ui,sans-serif;margin:2rem;max-width:60rem}")
                .append("pre{background:#f4f4f6;padding:1rem;overflow:auto}.pass{color:#137333}.fail{color:#c5221f}")
                .append("svg{background:#fafafa;border:1px solid #ddd}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}")
                .append("</style></head><body>");
        html.append("<h1>Switchboard load test</h1>");
        boolean pass = result.failures() == 0;
        html.append("<p class=\"").append(pass ? "pass" : "fail").append("\"><strong>Verdict: ")
                .append(pass ? "PASS" : "FAIL").append("</strong> (").append(result.failures())
                .append(result.json().has("phases") ? " failures: cross-talk, loss and the hostile checks)</p>"
                        : " cross-talk or loss failures)</p>");
        for (String p : result.problems()) {
            html.append("<p class=\"fail\">").append(escape(p)).append("</p>");
        }
        List<Timeline.Point> t = result.timeline();
        html.append("<h2>Token lateness per second (ms)</h2>");
        html.append(chart(t, List.of(new Series("p50", "#1a73e8", Timeline.Point::latenessP50Ms),
                new Series("p99", "#d93025", Timeline.Point::latenessP99Ms))));
        html.append("<h2>Tokens delivered per second</h2>");
        html.append(chart(t, List.of(new Series("tokens/s", "#188038", p -> p.tokensPerSecond()))));
        html.append(HostileHtml.render(result.json()));
        html.append("<h2>Figures</h2><pre>").append(escape(result.toJson())).append("</pre></body></html>");
        return html.toString();
    }

    private record Series(String name, String color, ToDoubleFunction<Timeline.Point> value) {
    }

    private static String chart(List<Timeline.Point> points, List<Series> series) {
        double max = 1;
        for (Series s : series) {
            for (Timeline.Point p : points) {
                max = Math.max(max, s.value().applyAsDouble(p));
            }
        }
        int n = Math.max(2, points.size());
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\">", WIDTH, HEIGHT + 30));
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"12\" font-size=\"11\">max %.1f</text>", max));
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"11\">0 s</text>", HEIGHT + 24));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%d s</text>", WIDTH - 40,
                HEIGHT + 24, points.isEmpty() ? 0 : points.getLast().second()));
        int legend = 80;
        for (Series s : series) {
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(s.color()).append("\" points=\"");
            for (int i = 0; i < points.size(); i++) {
                double x = (double) i / (n - 1) * (WIDTH - 10) + 5;
                double y = HEIGHT - s.value().applyAsDouble(points.get(i)) / max * (HEIGHT - 20) + 5;
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("\"/>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"12\" font-size=\"11\" fill=\"%s\">%s</text>",
                    legend, s.color(), s.name()));
            legend += 70;
        }
        return svg.append("</svg>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
