package org.hindsight.alert;

/**
 * The timeline text of alert events, in Markdown: what fired or resolved, in the sender's words, its labels, and a
 * link back to the sender (http and https only; the renderer allows nothing else anyway).
 */
final class AlertText {

    private static final int MAX = 3_900;

    private AlertText() {
    }

    static String firing(String integration, IncomingAlert alert) {
        return text("Alert firing", integration, alert);
    }

    static String resolved(String integration, IncomingAlert alert) {
        return text("Alert resolved", integration, alert);
    }

    static String allResolved(String integration) {
        return "**All alerts resolved** (" + escape(integration) + ")";
    }

    private static String text(String what, String integration, IncomingAlert alert) {
        StringBuilder text = new StringBuilder("**").append(what).append(":** ").append(escape(alert.name()));
        if (alert.summary() != null && !alert.summary().isBlank() && !alert.summary().equals(alert.name())) {
            text.append(" — ").append(escape(IncomingAlert.cut(alert.summary().strip(), 1_000)));
        }
        text.append(" (").append(escape(integration)).append(")");
        if (!alert.labels().isEmpty()) {
            text.append("\n\n").append(code(IncomingAlert.cut(alert.labelsText(), 2_000)));
        }
        if (alert.link() != null) {
            // AlertPayloads lets only one plain URL through; what could still end the link is percent-encoded
            text.append("\n\n[Source](").append(alert.link().replace("(", "%28").replace(")", "%29")
                    .replace("[", "%5B").replace("]", "%5D")).append(")");
        }
        return IncomingAlert.cut(text.toString(), MAX);
    }

    /** Markdown's special characters escaped, so a label value reads as written and never as markup. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.replace('\n', ' ').replace('\r', ' ').toCharArray()) {
            if ("\\`*_{}[]()<>#+-.!|~&".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** An inline code span that no backtick in the text can end early. */
    private static String code(String text) {
        String flat = text.replace('\n', ' ').replace('\r', ' ');
        int longest = 0;
        int run = 0;
        for (char c : flat.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        return fence + " " + flat + " " + fence;
    }
}
