package org.hindsight.postmortem;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.hindsight.system.TimeZoneChoices;

/**
 * How one export is made: the time zone its times are shown in, the 12- or 24-hour clock, the template, and whether
 * its timeline is the full history (with the rows the application wrote when the status moved) or, by default, only
 * what people recorded. Built from request parameters by {@link #parse}; a bad value is an {@link InvalidExportOption}
 * naming it.
 */
public record ExportOptions(ZoneId zone, boolean clock24, String template, boolean fullHistory) {

    public static final String DEFAULT_ZONE = "UTC";
    /** The template in the shape of the reference postmortem: the default, and the one imports read back. */
    public static final String REFERENCE_TEMPLATE = "reference";
    /** The zones an export takes, by their ids in lower case (a zone typed in another case is still found). */
    private static final Map<String, String> ZONES = TimeZoneChoices.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(id -> id.toLowerCase(Locale.ROOT), id -> id, (a, b) -> a));
    /** By pattern: the few {@link #format} uses, each parsed once rather than for every time of an export. */
    private static final Map<String, DateTimeFormatter> FORMATTERS = new ConcurrentHashMap<>();

    /** {@link #parse(String, String, String, String, Predicate)} without status rows (no {@code fullHistory}). */
    public static ExportOptions parse(String zone, String clock, String template, Predicate<String> templateExists) {
        return parse(zone, clock, template, null, templateExists);
    }

    /**
     * Options from request parameters; blank means the default: UTC, the reference template, the clock that template
     * prefers (12 hours for the reference template, 24 for the others) and a timeline without the status rows
     * ({@code fullHistory} {@code true} includes them, {@code false} or blank leaves them out). A zone id is found
     * whatever its case ({@code europe/berlin}).
     */
    public static ExportOptions parse(String zone, String clock, String template, String fullHistory,
            Predicate<String> templateExists) {
        String typedZone = zone == null || zone.isBlank() ? DEFAULT_ZONE : zone.strip();
        String zoneId = ZONES.get(typedZone.toLowerCase(Locale.ROOT));
        if (zoneId == null) {
            throw new InvalidExportOption("zone", "postmortem.option.zone.invalid", typedZone);
        }
        String templateId = template == null || template.isBlank() ? REFERENCE_TEMPLATE : template.strip();
        if (!templateExists.test(templateId)) {
            throw new InvalidExportOption("template", "postmortem.option.template.invalid", templateId);
        }
        boolean clock24;
        if (clock == null || clock.isBlank()) {
            clock24 = !REFERENCE_TEMPLATE.equals(templateId);
        } else if (clock.strip().equals("12") || clock.strip().equals("24")) {
            clock24 = clock.strip().equals("24");
        } else {
            throw new InvalidExportOption("clock", "postmortem.option.clock.invalid", clock.strip());
        }
        return new ExportOptions(ZoneId.of(zoneId), clock24, templateId, fullHistory(fullHistory));
    }

    private static boolean fullHistory(String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw new InvalidExportOption("fullHistory", "postmortem.option.fullHistory.invalid", value.strip());
    }

    public static ExportOptions reference() {
        return new ExportOptions(ZoneId.of(DEFAULT_ZONE), false, REFERENCE_TEMPLATE, false);
    }

    String clock() {
        return clock24 ? "24" : "12";
    }

    /**
     * {@code May 12, 2024, 09:00 AM UTC} or {@code May 12, 2024, 09:00 UTC}; with the seconds
     * ({@code 09:00:30 AM UTC}) when they are not zero, so that every stored instant reads back exactly.
     */
    String dateTime(Instant instant) {
        return format("MMM d, yyyy, ", instant);
    }

    /** {@code 09:05 AM UTC} or {@code 09:05 UTC}; {@code 09:05:30 AM UTC} when the seconds are not zero. */
    String time(Instant instant) {
        return format("", instant);
    }

    private String format(String datePart, Instant instant) {
        String seconds = instant.getEpochSecond() % 60 == 0 ? "" : ":ss";
        String pattern = datePart + (clock24 ? "HH:mm" + seconds + " zzz" : "hh:mm" + seconds + " a zzz");
        return FORMATTERS.computeIfAbsent(pattern, p -> DateTimeFormatter.ofPattern(p, Locale.ENGLISH))
                .withZone(zone).format(instant);
    }

    /** A request parameter with a value no export can use. */
    public static final class InvalidExportOption extends RuntimeException {

        private final String parameter;
        private final String messageCode;
        private final String value;

        public InvalidExportOption(String parameter, String messageCode, String value) {
            super("Invalid " + parameter + ": " + value);
            this.parameter = parameter;
            this.messageCode = messageCode;
            this.value = value;
        }

        public String parameter() {
            return parameter;
        }

        public String messageCode() {
            return messageCode;
        }

        public String value() {
            return value;
        }
    }
}
