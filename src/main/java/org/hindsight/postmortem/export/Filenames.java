package org.hindsight.postmortem.export;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/** Download names: the incident key and a slug of its title, e.g. {@code INC-7-load-balancer-outage.md}. */
final class Filenames {

    private static final int MAX_SLUG = 60;

    private Filenames() {
    }

    /** The ASCII-safe file name. */
    static String of(String key, String title, String extension) {
        return withSlug(key, slug(title, true), extension);
    }

    /**
     * A {@code Content-Disposition} value for an attachment: {@code filename} ASCII-safe, plus
     * {@code filename*} (RFC 6266/5987) keeping the letters of a title outside ASCII.
     */
    static String attachment(String key, String title, String extension) {
        String ascii = of(key, title, extension);
        String unicode = withSlug(key, slug(title, false), extension);
        String header = "attachment; filename=\"" + ascii + "\"";
        if (!unicode.equals(ascii)) {
            header += "; filename*=UTF-8''" + URLEncoder.encode(unicode, StandardCharsets.UTF_8).replace("+", "%20");
        }
        return header;
    }

    static String slug(String title, boolean asciiOnly) {
        String text = title == null ? "" : title.toLowerCase(Locale.ROOT);
        if (asciiOnly) {
            text = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
            text = text.replaceAll("[^a-z0-9]+", "-");
        } else {
            text = text.replaceAll("[^\\p{L}\\p{N}]+", "-");
        }
        text = text.replaceAll("^-+|-+$", "");
        if (text.codePointCount(0, text.length()) > MAX_SLUG) {
            text = text.substring(0, text.offsetByCodePoints(0, MAX_SLUG)).replaceAll("-+$", "");
        }
        return text;
    }

    private static String withSlug(String key, String slug, String extension) {
        return key + (slug.isEmpty() ? "" : "-" + slug) + "." + extension;
    }
}
