package org.hindsight.action;

import java.nio.charset.StandardCharsets;

/**
 * Content lines of an iCalendar file as RFC 5545 has them: TEXT values escaped (backslash, semicolon, comma,
 * newline), lines ended by CRLF and folded after at most 75 octets with CRLF and a space, never inside a
 * UTF-8 character.
 */
final class ICalendarText {

    private static final int MAX_OCTETS = 75;

    private final StringBuilder out = new StringBuilder();

    /** A property whose value is written as given (dates, URIs, fixed words). */
    ICalendarText line(String nameAndParams, String value) {
        fold(nameAndParams + ":" + value);
        return this;
    }

    /** A property whose value is TEXT, escaped. */
    ICalendarText text(String name, String value) {
        return line(name, escape(value));
    }

    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case ';' -> escaped.append("\\;");
                case ',' -> escaped.append("\\,");
                case '\n' -> escaped.append("\\n");
                case '\r' -> {
                    // CRLF and lone CR become one \n
                    if (i + 1 >= value.length() || value.charAt(i + 1) != '\n') {
                        escaped.append("\\n");
                    }
                }
                default -> escaped.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return escaped.toString();
    }

    private void fold(String line) {
        int octets = 0;
        int limit = MAX_OCTETS;
        for (int i = 0; i < line.length(); ) {
            int codePoint = line.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append("\r\n ");
                octets = 0;
                limit = MAX_OCTETS - 1; // the leading space of a continuation line counts
            }
            out.appendCodePoint(codePoint);
            octets += size;
            i += Character.charCount(codePoint);
        }
        out.append("\r\n");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
