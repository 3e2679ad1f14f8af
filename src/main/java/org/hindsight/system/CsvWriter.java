package org.hindsight.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes CSV as RFC 4180 has it: fields separated by commas, records ended by CRLF, a field quoted when it holds a
 * comma, a quote, CR or LF, quotes inside doubled. A text that a spreadsheet would run as a formula (starting with
 * {@code = + - @}, a tab or a carriage return) gets a leading apostrophe, so it shows as the text it is.
 */
public final class CsvWriter {

    private final Writer out;

    public CsvWriter(Writer out) {
        this.out = out;
    }

    public void row(List<String> fields) {
        try {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(field(fields.get(i)));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = neutralise(value);
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0
                || text.indexOf('\n') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    static String neutralise(String value) {
        char first = value.charAt(0);
        return switch (first) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }
}
