package org.hindsight.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import org.hindsight.incident.Severity;
import org.hindsight.system.ApiValidationException.FieldProblem;
import org.hindsight.system.DateRange;

/**
 * The search's filters, every one optional: the incident's severity, one of its services, and when it started
 * ({@code from} and {@code to} are days, both included, in the viewer's zone on the page and in UTC on the API).
 */
record SearchFilter(Severity severity, String service, LocalDate from, LocalDate to, Instant startsFrom,
        Instant startsBefore) {

    static SearchFilter none() {
        return new SearchFilter(null, null, null, null, null, null);
    }

    /** The query string as typed, every value a string, so that a bad value is reported rather than failing. */
    record Params(String q, String severity, String service, String from, String to) {

        /** The value given for a parameter, as typed, to quote it where it is refused. */
        public String value(String name) {
            return switch (name) {
                case "q" -> q;
                case "severity" -> severity;
                case "service" -> service;
                case "from" -> from;
                case "to" -> to;
                default -> null;
            };
        }
    }

    /** Reads the filters; a value that makes no sense adds a problem naming its parameter and is ignored. */
    static SearchFilter parse(Params p, ZoneId zone, List<FieldProblem> problems) {
        Severity severity = null;
        if (!blank(p.severity())) {
            try {
                severity = Severity.valueOf(p.severity().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("severity", "One of " + List.of(Severity.values()) + "."));
            }
        }
        String service = blank(p.service()) ? null : p.service().strip().toLowerCase(Locale.ROOT);
        if (service != null && service.length() > 80) {
            problems.add(new FieldProblem("service", "A service name of at most 80 characters."));
            service = null;
        }
        LocalDate from = date("from", p.from(), problems);
        LocalDate to = date("to", p.to(), problems);
        if (from != null && to != null && to.isBefore(from)) {
            problems.add(new FieldProblem("to", "A day on or after from (" + from + ")."));
            to = null;
        }
        return new SearchFilter(severity, service, from, to, from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
    }

    private static LocalDate date(String field, String value, List<FieldProblem> problems) {
        if (blank(value)) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value.strip());
            if (DateRange.contains(date) && date.getYear() < 9999) {
                return date;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problems.add(new FieldProblem(field, "A date as YYYY-MM-DD, from the year 1970 to 9998."));
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
