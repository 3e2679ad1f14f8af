package org.hindsight.postmortem.imports;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A length of time as people write it: {@code 314 minutes}, {@code 2 h 30 min}, {@code 4 hours 25 minutes}, {@code 1d 3h}. */
final class ImportDurations {

    private static final Pattern PART = Pattern.compile(
            "(?i)(\\d{1,5})(?:\\.(\\d))?\\s*+(d(?:ays?)?|h(?:(?:ou)?rs?)?|m(?:in(?:ute)?s?)?|s(?:ec(?:ond)?s?)?)(?![a-z])");
    /** Possessive, one run of spaces read once: two optional runs around an optional word split a run n ways. */
    private static final Pattern FILLER = Pattern.compile(
            "(?i)[\\s,]*+(?:(?:and|about|approximately|approx\\.?|~|\\(|\\))[\\s,]*+)*+");

    private ImportDurations() {
    }

    /** The length the whole text states, or null when it is not only a length. */
    static Duration length(String text) {
        String t = text.strip();
        Matcher part = PART.matcher(t);
        Duration total = Duration.ZERO;
        int at = 0;
        boolean any = false;
        while (part.find()) {
            if (!FILLER.matcher(t.substring(at, part.start())).matches()) {
                return null;
            }
            long amount = Long.parseLong(part.group(1));
            long tenth = part.group(2) == null ? 0 : Long.parseLong(part.group(2));
            long seconds = switch (Character.toLowerCase(part.group(3).charAt(0))) {
                case 'd' -> 86_400;
                case 'h' -> 3_600;
                case 'm' -> 60;
                default -> 1;
            };
            total = total.plusSeconds(amount * seconds + tenth * seconds / 10);
            at = part.end();
            any = true;
        }
        return any && FILLER.matcher(t.substring(at)).matches() && !total.isZero() ? total : null;
    }
}
