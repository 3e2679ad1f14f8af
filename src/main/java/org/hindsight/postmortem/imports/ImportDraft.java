package org.hindsight.postmortem.imports;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.postmortem.imports.ImportLabels.Entry;
import org.hindsight.postmortem.imports.ImportTimes.Written;

/**
 * The incident's fields as the parse fills them in: Markdown parts per field (a second part gets its
 * section's name in bold before it), summary times, severity, services, and the "Label: value" entries of
 * summary-like sections. Entries with a label it does not know are kept as notes.
 */
final class ImportDraft {

    enum Field {
        IMPACT(20000), ROOT_CAUSE_SUMMARY(500), ROOT_CAUSE(20000), RESOLUTION(20000), CONTRIBUTING_FACTORS(20000),
        LESSONS(20000);

        final int max;

        Field(int max) {
            this.max = max;
        }
    }

    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,2})?)\\s?%");
    private static final Pattern PERCENT_OF_USERS = Pattern.compile(
            "(\\d{1,3}(?:\\.\\d{1,2})?)\\s?%\\s+of\\s+(?:all\\s+|our\\s+|the\\s+)?(?:users|customers|requests|traffic|visitors)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SEVERITY = Pattern.compile("(?i)^(?:sev(?:erity)?\\s*[-_ ]?\\s*([1-4])|p([0-4])"
            + "|([1-4])|(critical|major|high|medium|moderate|minor|low))\\b");
    private static final Pattern RANGE = Pattern.compile("^\\s*(?:to|until|till|\u2013|\u2014|-)\\s*",
            Pattern.CASE_INSENSITIVE);

    private final ImportContext context;
    final Map<Field, List<String>> fields = new EnumMap<>(Field.class);
    final Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
    String title;
    Severity severity;
    BigDecimal usersAffected;
    final List<String> services = new ArrayList<>();

    ImportDraft(ImportContext context) {
        this.context = context;
    }

    boolean has(Field field) {
        return fields.containsKey(field);
    }

    /** Adds a part to a field; {@code name} (bold, before it) says which section it came from. */
    void add(Field field, String name, String markdown) {
        if (NodeText.isPlaceholder(markdown)) {
            return;
        }
        String text = markdown.strip();
        List<String> parts = fields.computeIfAbsent(field, f -> new ArrayList<>());
        parts.add(name == null ? text : "**" + NodeText.name(name) + "**\n\n" + text);
    }

    /** The zone and date entries first: other times depend on them. */
    void settings(List<Entry> entries) {
        for (Entry entry : entries) {
            if (entry.label() == null) {
                continue;
            }
            String value = NodeText.plain(entry.value());
            switch (entry.label().key()) {
                case "time zone", "timezone", "zone" -> {
                    context.declaredZone = ImportTimes.userZone(value);
                    if (context.declaredZone == null) {
                        context.warn("import.warning.zoneUnread", value);
                    }
                }
                case "date", "incident date", "day" -> context.documentDate = ImportTimes.date(value, 2000);
                case "severity" -> context.explicitKinds |= value.matches("SEV[1-4]");
                case "duration", "start", "started", "start time", "started at", "incident start", "began" -> {
                    Written written = ImportTimes.leading(value, context.declaredZone);
                    if (context.documentDate == null && written != null && written.yearGiven()) {
                        context.documentDate = written.date();
                    }
                }
                default -> {
                }
            }
        }
    }

    /** One entry of a summary-like section; true when a field took it. */
    boolean entry(Entry entry, boolean rootCauseSection) {
        if (entry.label() == null || NodeText.isPlaceholder(entry.value())) {
            return entry.label() != null;
        }
        String value = entry.value();
        String plain = NodeText.plain(value);
        switch (entry.label().key()) {
            case "time zone", "timezone", "zone" -> {
                return context.declaredZone != null;
            }
            case "date", "incident date", "day" -> {
                return context.documentDate != null;
            }
            case "duration" -> {
                return duration(plain);
            }
            case "start", "started", "start time", "started at", "incident start", "began", "began at" -> {
                return time(SummaryTime.STARTED, plain);
            }
            case "end", "end time", "ended", "ended at", "resolved", "resolved at", "resolution time",
                    "incident end", "recovered at" -> {
                return time(SummaryTime.RESOLVED, plain);
            }
            case "detected", "detected at", "detection time", "time detected" -> {
                return time(SummaryTime.DETECTED, plain);
            }
            case "mitigated", "mitigated at", "mitigation time" -> {
                return time(SummaryTime.MITIGATED, plain);
            }
            case "impact", "user impact", "customer impact" -> add(Field.IMPACT, null, value);
            case "root cause", "root causes", "root cause(s)", "cause" ->
                add(rootCauseSection ? Field.ROOT_CAUSE : Field.ROOT_CAUSE_SUMMARY, null,
                        rootCauseSection ? value : plain);
            case "trigger" -> add(Field.ROOT_CAUSE, entry.label().name(), value);
            case "resolution", "mitigation", "fix" -> add(Field.RESOLUTION, null, value);
            case "contributing factors", "contributing factor", "contributing factor(s)" ->
                add(Field.CONTRIBUTING_FACTORS, null, value);
            case "lessons", "lessons learned" -> add(Field.LESSONS, null, value);
            case "severity", "sev", "severity level", "incident severity" -> {
                return severity(plain);
            }
            case "users affected", "% users affected", "affected users", "users impacted", "customers affected" -> {
                return percent(plain, PERCENT);
            }
            case "services", "service", "service(s)", "service(s) affected", "affected services", "services affected", "systems affected",
                    "affected systems", "components", "affected components" -> {
                // emphasis or code around a name goes before unescaping: "api\_gateway" is "api_gateway"
                Arrays.stream(value.split("[,;]"))
                        .map(s -> NodeText.plain(s.strip().replaceAll("^[`*_]+|(?<!\\\\)[`*_]+$", "")))
                        .filter(s -> !s.isEmpty()).forEach(services::add);
            }
            case "title", "incident title", "incident" -> {
                if (title != null) {
                    return false;
                }
                title = plain;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Takes the share of users from the impact's text ("30% of users") when no entry gave it. */
    void percentFromImpact() {
        if (usersAffected == null && fields.containsKey(Field.IMPACT)) {
            percent(String.join("\n", fields.get(Field.IMPACT)), PERCENT_OF_USERS);
        }
    }

    private boolean percent(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return false;
        }
        BigDecimal value = new BigDecimal(m.group(1));
        if (value.compareTo(BigDecimal.valueOf(100)) > 0) {
            return false;
        }
        usersAffected = value;
        return true;
    }

    private boolean severity(String text) {
        Matcher m = SEVERITY.matcher(text.strip());
        if (!m.find()) {
            context.warn("import.warning.severityUnread", text);
            return false;
        }
        int level;
        if (m.group(1) != null || m.group(3) != null) {
            level = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(3));
        } else if (m.group(2) != null) {
            level = Math.max(1, Integer.parseInt(m.group(2)));
        } else {
            level = switch (m.group(4).toLowerCase(java.util.Locale.ROOT)) {
                case "critical" -> 1;
                case "major", "high" -> 2;
                case "medium", "moderate" -> 3;
                default -> 4;
            };
        }
        severity = Severity.valueOf("SEV" + level);
        return true;
    }

    private boolean time(SummaryTime which, String text) {
        Written written = ImportTimes.leading(text, context.declaredZone);
        if (written == null) {
            context.warn("import.warning.timeUnread", which.field(), text);
            return false;
        }
        Instant at = context.instant(written);
        if (at != null) {
            times.put(which, at);
        }
        return true;
    }

    /** {@code May 12, 2024, 09:00 AM UTC to May 12, 2024, 11:30 AM UTC (2 h 30 min)}, or {@code ... to (ongoing)}. */
    private boolean duration(String text) {
        Written start = ImportTimes.leading(text, context.declaredZone);
        if (start == null) {
            context.warn("import.warning.timeUnread", "duration", text);
            return false;
        }
        String rest = text.substring(start.end());
        Matcher range = RANGE.matcher(rest);
        Written end = range.find() ? ImportTimes.leading(rest.substring(range.end()), context.declaredZone) : null;
        if (end != null && start.zone() == null && end.zone() != null) {
            start = new Written(start.date(), start.yearGiven(), start.time(), end.zone(), end.zoneText(), start.end());
        }
        if (context.documentDate == null && start.date() != null && start.yearGiven()) {
            context.documentDate = start.date();
        }
        Instant started = context.instant(start);
        if (started != null) {
            times.put(SummaryTime.STARTED, started);
        }
        if (end != null && started != null) {
            Instant resolved;
            if (end.date() == null) { // "09:00 to 11:30 UTC": the start's day, or the next when earlier
                java.time.ZonedDateTime from = started.atZone(end.zone() != null ? end.zone() : context.defaultZone());
                java.time.ZonedDateTime to = end.time().atDate(from.toLocalDate()).atZone(from.getZone());
                resolved = (to.isBefore(from) ? to.plusDays(1) : to).toInstant();
            } else {
                resolved = context.instant(end);
            }
            times.put(SummaryTime.RESOLVED, resolved);
        }
        return true;
    }
}
