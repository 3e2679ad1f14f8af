package org.hindsight.system;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.vladsch.flexmark.util.sequence.Html5Entities;

/**
 * The one place that decides whether a user-supplied URL may become a link target or an image source.
 *
 * <p>A URL is allowed when it is relative (no scheme) or its scheme is on an allow-list. The scheme is
 * decided the way an attacker would want a browser to see it, not the way it is spelled: HTML character
 * references (named, decimal, hex, with or without the semicolon) and percent-encoding are decoded
 * repeatedly until nothing changes, ASCII whitespace and control characters are dropped (browsers ignore
 * them in {@code java\tscript:}), and the comparison ignores case. A colon before the first {@code /},
 * {@code ?} or {@code #} means a scheme. Decoding more than a browser would only ever refuses more, never
 * lets more through.
 */
public final class SafeUrls {

    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");
    private static final Set<String> IMAGE_SCHEMES = Set.of("http", "https");

    /** Past this many layers of encoding the URL is refused rather than decoded further. */
    private static final int MAX_DECODING_ROUNDS = 8;

    /** Character references as browsers read them: numeric ones even without the closing semicolon. */
    private static final Pattern CHARACTER_REFERENCE =
            Pattern.compile("&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|([a-zA-Z][a-zA-Z0-9]*);)");
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%([0-9a-fA-F]{2})");
    private static final Pattern ASCII_WHITESPACE_OR_CONTROL = Pattern.compile("[\\x00-\\x20\\x7F]");

    /** {@code http(s)://} followed by a non-empty host part, nothing that a browser would skip or strip. */
    private static final Pattern WEB_URL = Pattern.compile("(?i)https?://[^/?#\\\\]+(?:[/?#].*)?");

    /** Marker for "could not be decoded to a stable form", never equal to an allowed scheme. */
    private static final String UNDECIDABLE = "\0undecidable";

    private SafeUrls() {
    }

    /** May this URL be the {@code href} of a link: relative, or http, https or mailto. */
    public static boolean isAllowedLink(String url) {
        return isAllowed(url, LINK_SCHEMES);
    }

    /** May this URL be the {@code src} of an image: relative, or http or https (never data: or mailto:). */
    public static boolean isAllowedImage(String url) {
        return isAllowed(url, IMAGE_SCHEMES);
    }

    /**
     * Is this an absolute web address, {@code http://} or {@code https://} and a host, as typed (for
     * example a tracker link entered in a form). Relative URLs, other schemes, surrounding or embedded
     * whitespace and control characters are refused; trim input before asking.
     */
    public static boolean isWebUrl(String url) {
        if (url == null || !WEB_URL.matcher(url).matches()
                || ASCII_WHITESPACE_OR_CONTROL.matcher(url).find()) {
            return false;
        }
        String scheme = scheme(url);
        return scheme != null && IMAGE_SCHEMES.contains(scheme);
    }

    private static boolean isAllowed(String url, Set<String> schemes) {
        if (url == null) {
            return false;
        }
        String scheme = scheme(url);
        return scheme == null || schemes.contains(scheme);
    }

    /** The lower-case scheme of the fully decoded URL, {@code null} when relative, or {@link #UNDECIDABLE}. */
    static String scheme(String url) {
        String decoded = decode(url);
        if (decoded == null) {
            return UNDECIDABLE;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        for (int i = 0; i < colon; i++) {
            char c = decoded.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return null;
            }
        }
        return decoded.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /** Decode references and percent-escapes and drop whitespace and controls until stable; null if it never settles. */
    private static String decode(String url) {
        String current = url;
        for (int round = 0; round < MAX_DECODING_ROUNDS; round++) {
            String next = ASCII_WHITESPACE_OR_CONTROL
                    .matcher(decodePercentEscapes(decodeCharacterReferences(current)))
                    .replaceAll("");
            if (next.equals(current)) {
                return next;
            }
            current = next;
        }
        return null;
    }

    private static String decodeCharacterReferences(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = CHARACTER_REFERENCE.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = codePoint(m.group(1), 16);
            } else if (m.group(2) != null) {
                replacement = codePoint(m.group(2), 10);
            } else {
                // unknown names come back unchanged
                replacement = Html5Entities.entityToString(m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String codePoint(String digits, int radix) {
        try {
            int codePoint = Integer.parseInt(digits, radix);
            if (codePoint > 0 && Character.isValidCodePoint(codePoint)
                    && !(codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
                return new String(Character.toChars(codePoint));
            }
        } catch (NumberFormatException tooLong) {
            // falls through to the replacement character, as browsers do
        }
        return "\uFFFD";
    }

    private static String decodePercentEscapes(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        // byte by byte: only ASCII can spell a scheme, anything else just has to stay "not allowed"
        Matcher m = PERCENT_ESCAPE.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            char c = (char) Integer.parseInt(m.group(1), 16);
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(c)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
