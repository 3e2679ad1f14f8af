package org.hindsight.postmortem.imports;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * YAML front matter at the top of a postmortem ({@code ---}, {@code key: value} lines, then {@code ---} or
 * {@code ...}), as static-site generators and many teams' templates write it. Without this, flexmark reads the
 * block as a setext heading made of every line in it. Only plain {@code key: value} lines are read: the
 * {@code title} and the {@code date} (ISO, {@code 2021-06-08}); the block is taken out of the body either way.
 */
record FrontMatter(String title, LocalDate date, String body) {

    /** The longest front matter looked for: a block that does not close within it is text. */
    private static final int MAX_LINES = 60;

    static FrontMatter of(String text) {
        if (!text.startsWith("---\n")) {
            return new FrontMatter(null, null, text);
        }
        String title = null;
        LocalDate date = null;
        int at = "---\n".length();
        for (int line = 0; line < MAX_LINES && at <= text.length(); line++) {
            int end = text.indexOf('\n', at);
            String current = (end < 0 ? text.substring(at) : text.substring(at, end)).strip();
            if (current.equals("---") || current.equals("...")) {
                return new FrontMatter(title, date, end < 0 ? "" : text.substring(end + 1));
            }
            int colon = current.indexOf(':');
            if (colon > 0) {
                String key = current.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = unquoted(current.substring(colon + 1).strip());
                if (key.equals("title") && !value.isEmpty()) {
                    title = value;
                } else if (key.equals("date")) {
                    date = date(value);
                }
            }
            if (end < 0) {
                break;
            }
            at = end + 1;
        }
        return new FrontMatter(null, null, text);
    }

    private static String unquoted(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1).strip();
        }
        return value;
    }

    private static LocalDate date(String value) {
        try {
            return value.length() >= 10 ? LocalDate.parse(value.substring(0, 10)) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
