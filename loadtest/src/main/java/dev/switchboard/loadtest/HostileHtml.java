package dev.switchboard.loadtest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * The hostile scenario's part of the HTML report, from the result's sections: the two phases side by
 * side, what each abuse sent and got back, and the checks after the attack.
 *
 * <p>Stateless.
 */
final class HostileHtml {

    private HostileHtml() {
    }

    /** The section, or an empty string when the result is not a hostile run's. */
    static String render(JsonObject result) {
        if (!result.has("phases")) {
            return "";
        }
        StringBuilder html = new StringBuilder(8192);
        JsonObject calm = result.getAsJsonObject("phases").getAsJsonObject("calm");
        JsonObject attack = result.getAsJsonObject("phases").getAsJsonObject("attack");
        html.append("<h2>Well-behaved users: calm and under attack</h2><table><tr><th></th><th>calm</th><th>attack</th></tr>");
        row(html, "token lateness p50 (ms)", calm, attack, "tokenLatenessMs", "p50");
        row(html, "token lateness p99 (ms)", calm, attack, "tokenLatenessMs", "p99");
        row(html, "token lateness max (ms)", calm, attack, "tokenLatenessMs", "max");
        row(html, "TTFT p50 (ms)", calm, attack, "ttftMs", "p50");
        row(html, "TTFT p99 (ms)", calm, attack, "ttftMs", "p99");
        row(html, "worst stall (ms)", calm, attack, null, "worstStallMs");
        row(html, "tokens delivered", calm, attack, null, "tokens");
        row(html, "of the paced tokens", calm, attack, null, "deliveredFraction");
        row(html, "replies", calm, attack, null, "replies");
        row(html, "reconnects", calm, attack, null, "reconnects");
        html.append("<tr><td>errors</td><td>").append(escape(calm.get("errors").toString())).append("</td><td>")
                .append(escape(attack.get("errors").toString())).append("</td></tr></table>");

        JsonObject attackers = result.getAsJsonObject("attackers");
        html.append("<h2>Attackers</h2><p>").append(attackers.get("attackers")).append(" attackers from ")
                .append(escape(attackers.get("address").getAsString())).append(", ").append(attackers.get("turns"))
                .append(" turns of ").append(attackers.get("turnSeconds")).append(" s</p>");
        html.append("<table><tr><th>abuse</th><th>connections</th><th>frames sent</th><th>frames received</th>")
                .append("<th>errors received</th><th>closes received</th><th>failed connects</th><th>own counts</th></tr>");
        for (Map.Entry<String, JsonElement> e : attackers.getAsJsonObject("abuses").entrySet()) {
            JsonObject a = e.getValue().getAsJsonObject();
            html.append("<tr><td>").append(escape(e.getKey())).append("</td><td>").append(a.get("connections"))
                    .append("</td><td>").append(a.get("framesSent")).append("</td><td>").append(a.get("framesReceived"))
                    .append("</td><td>").append(escape(a.get("errors").toString())).append("</td><td>")
                    .append(escape(a.get("closes").toString())).append("</td><td>")
                    .append(escape(a.get("connectFailures").toString())).append("</td><td>")
                    .append(escape(a.get("own").toString())).append("</td></tr>");
        }
        html.append("</table>");

        JsonObject alive = result.getAsJsonObject("alive");
        html.append("<h2>After the attack</h2><ul>");
        for (String probe : new String[] {"freshHello", "resume"}) {
            JsonObject p = alive.getAsJsonObject(probe);
            html.append("<li class=\"").append(p.get("ok").getAsBoolean() ? "pass" : "fail").append("\">")
                    .append(probe).append(": ").append(escape(p.get("detail").getAsString())).append(" (")
                    .append(p.get("ms")).append(" ms)</li>");
        }
        JsonObject heap = result.getAsJsonObject("heap");
        html.append("<li>heap: calm max ").append(heap.get("calmMaxMB")).append(" MB, attack max ")
                .append(heap.get("attackMaxMB")).append(" MB, attack last-third min ")
                .append(heap.get("attackLastThirdMinMB")).append(" MB");
        if (heap.has("note")) {
            html.append(" (").append(escape(heap.get("note").getAsString())).append(')');
        }
        html.append("</li></ul>");
        return html.toString();
    }

    private static void row(StringBuilder html, String name, JsonObject calm, JsonObject attack, String group,
                            String field) {
        html.append("<tr><td>").append(name).append("</td><td>").append(value(calm, group, field)).append("</td><td>")
                .append(value(attack, group, field)).append("</td></tr>");
    }

    private static String value(JsonObject phase, String group, String field) {
        JsonObject o = group == null ? phase : phase.getAsJsonObject(group);
        return o.has(field) ? o.get(field).toString() : "-";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
