package org.hindsight.postmortem.imports;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.postmortem.imports.ImportLabels.Entry;
import org.hindsight.postmortem.imports.ImportTimes.Written;
import org.hindsight.postmortem.imports.ImportedPostmortem.Evidence;

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
    private static final Pattern SEVERITY = Pattern.compile("(?i)^(?:sev(?:erity)?\\s*[-_ ]?\\s*([0-4])|p([0-4])"
            + "|([1-4])|(critical|major|high|medium|moderate|minor|low))\\b");
    private static final Pattern RANGE = Pattern.compile("^\\s*(?:to|until|till|\u2013|\u2014|-|\u2192|->)\\s*",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern ONGOING = Pattern.compile("(?i)\\bongoing\\b|\\bnow\\b|\\bpresent\\b");

    private final ImportContext context;
    final Map<Field, List<String>> fields = new EnumMap<>(Field.class);
    final Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
    final Map<SummaryTime, Evidence> evidence = new EnumMap<>(SummaryTime.class);
    /** How long the incident lasted, when a Duration line gives a length rather than a range. */
    Duration length;
    String lengthLabel;
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

    // the labels of a summary's "Label: value" entries, by the field they fill (matched on NodeText.key)
    private static final Set<String> ZONE = Set.of("time zone", "timezone", "zone");
    private static final Set<String> DATE = Set.of("date", "incident date", "day");
    private static final Set<String> DURATION = Set.of("duration");
    private static final Set<String> STARTED = Set.of("start", "started", "start time", "started at",
            "incident start", "began", "began at", "impact start", "incident began", "outage start", "start of impact",
            "start of incident", "start of outage", "impact started", "impact began", "incident started",
            "outage began", "outage started", "first impact");
    private static final Set<String> RESOLVED = Set.of("end", "end time", "ended", "ended at", "resolved",
            "resolved at", "resolution time", "incident end", "recovered at", "outage end", "impact end",
            "closed at", "end of impact", "end of incident", "end of outage", "impact ended", "incident ended",
            "outage ended", "time resolved", "restored", "restored at", "service restored", "all clear");
    private static final Set<String> DETECTED = Set.of("detected", "detected at", "detection time", "time detected",
            "detect", "reported at", "reported");
    private static final Set<String> MITIGATED = Set.of("mitigated", "mitigated at", "mitigation time");
    private static final Set<String> IMPACT = Set.of("impact", "user impact", "customer impact");
    private static final Set<String> ROOT_CAUSE = Set.of("root cause", "root causes", "root cause(s)", "cause");
    private static final Set<String> TRIGGER = Set.of("trigger");
    private static final Set<String> RESOLUTION = Set.of("resolution", "mitigation", "fix");
    private static final Set<String> CONTRIBUTING = Set.of("contributing factors", "contributing factor",
            "contributing factor(s)");
    private static final Set<String> LESSONS = Set.of("lessons", "lessons learned");
    private static final Set<String> SEVERITY_LABELS = Set.of("severity", "sev", "severity level",
            "incident severity");
    private static final Set<String> USERS = Set.of("users affected", "% users affected", "affected users",
            "users impacted", "customers affected");
    private static final Set<String> SERVICES = Set.of("services", "service", "service(s)", "service(s) affected",
            "affected services", "services affected", "systems affected", "affected systems", "components",
            "affected components");
    private static final Set<String> TITLE = Set.of("title", "incident title", "incident");
    /**
     * Figures an export writes that follow from the summary times and the timeline (IncidentViews.Durations,
     * DeadEndTimes): read as such and recomputed, so they are neither a time nor a note.
     */
    private static final Set<String> DERIVED = Set.of("time to detect", "time to respond", "time to mitigate",
            "time to resolve", "time lost to dead ends");
    private static final List<Set<String>> KNOWN = List.of(ZONE, DATE, DURATION, STARTED, RESOLVED, DETECTED,
            MITIGATED, IMPACT, ROOT_CAUSE, TRIGGER, RESOLUTION, CONTRIBUTING, LESSONS, SEVERITY_LABELS, USERS,
            SERVICES, TITLE, DERIVED);

    /** Whether a label names something a summary entry fills in. */
    static boolean knows(String key) {
        return KNOWN.stream().anyMatch(keys -> keys.contains(key));
    }

    /** The zone and date entries first: other times depend on them. */
    void settings(List<Entry> entries) {
        for (Entry entry : entries) {
            if (entry.label() == null) {
                continue;
            }
            String key = entry.label().key();
            String value = NodeText.plain(entry.value());
            if (ZONE.contains(key) && context.declaredZone == null) { // the first line that names one counts
                context.declaredZone = ImportTimes.userZone(value);
                if (context.declaredZone == null) { // "CET (UTC+01:00) unless stated otherwise"
                    ImportZonePhrase.Declared named = ImportZonePhrase.find("times " + value, context);
                    context.declaredZone = named == null ? null : named.zone();
                }
                if (context.declaredZone == null) {
                    context.warn("import.warning.zoneUnread", value);
                }
            } else if (DATE.contains(key) && context.documentDate == null) {
                context.documentDate = ImportTimes.date(value, 2000, context.dayFirst);
                Written written = context.documentDate == null ? context.leading(value) : null;
                if (written != null && written.yearGiven()) {
                    context.documentDate = written.date(); // "Date: March 8, 2023 6:03 AM (UTC) → ..."
                }
            } else if (SEVERITY_LABELS.contains(key)) {
                context.explicitKinds |= value.matches("SEV[1-4]");
            } else if (DURATION.contains(key) || STARTED.contains(key)) {
                Written written = context.leading(value);
                if (context.documentDate == null && written != null && written.yearGiven()) {
                    context.documentDate = written.date();
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
        String key = entry.label().key();
        if (DERIVED.contains(key)) {
            return true;
        } else if (ZONE.contains(key)) {
            return context.declaredZone != null;
        } else if (DATE.contains(key)) {
            // a date with times is the incident's span: "Date: March 8, 2023 6:03 AM (UTC) → March 10, 2023 ..."
            return context.leading(plain) != null ? duration(plain, entry.label().name())
                    : context.documentDate != null;
        } else if (DURATION.contains(key)) {
            return duration(plain, entry.label().name());
        } else if (STARTED.contains(key)) {
            return time(SummaryTime.STARTED, plain, entry.label().name());
        } else if (RESOLVED.contains(key)) {
            return time(SummaryTime.RESOLVED, plain, entry.label().name());
        } else if (DETECTED.contains(key)) {
            return time(SummaryTime.DETECTED, plain, entry.label().name());
        } else if (MITIGATED.contains(key)) {
            return time(SummaryTime.MITIGATED, plain, entry.label().name());
        } else if (IMPACT.contains(key)) {
            add(Field.IMPACT, null, value);
        } else if (ROOT_CAUSE.contains(key)) {
            // a root cause too long for the one-line summary is the root cause itself, not cut short
            boolean whole = rootCauseSection || plain.length() > Field.ROOT_CAUSE_SUMMARY.max;
            add(whole ? Field.ROOT_CAUSE : Field.ROOT_CAUSE_SUMMARY, null, whole ? value : plain);
        } else if (TRIGGER.contains(key)) {
            add(Field.ROOT_CAUSE, entry.label().name(), value);
        } else if (RESOLUTION.contains(key)) {
            add(Field.RESOLUTION, null, value);
        } else if (CONTRIBUTING.contains(key)) {
            add(Field.CONTRIBUTING_FACTORS, null, value);
        } else if (LESSONS.contains(key)) {
            add(Field.LESSONS, null, value);
        } else if (SEVERITY_LABELS.contains(key)) {
            return severity(plain);
        } else if (USERS.contains(key)) {
            return percent(plain, PERCENT);
        } else if (SERVICES.contains(key)) {
            // emphasis or code around a name goes before unescaping: "api\_gateway" is "api_gateway"
            Arrays.stream(value.split("[,;]"))
                    .map(s -> NodeText.plain(s.strip().replaceAll("^[`*_]+|(?<!\\\\)[`*_]+$", "")))
                    .filter(s -> !s.isEmpty()).forEach(services::add);
        } else if (TITLE.contains(key)) {
            if (title != null) {
                return false;
            }
            title = plain;
        } else {
            return false;
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
            level = Math.max(1, Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(3))); // SEV0 is the worst
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

    private boolean time(SummaryTime which, String text, String label) {
        Written written = context.leading(text);
        if (written == null) {
            context.warn("import.warning.timeUnread", which.field(), text);
            return false;
        }
        Instant at = context.instant(written);
        if (at != null) {
            put(which, at, Evidence.of("import.evidence.label", NodeText.name(label)));
        }
        return true;
    }

    /** A summary time and what it was read from; the first evidence found for a time stays. */
    void put(SummaryTime which, Instant at, Evidence from) {
        if (!times.containsKey(which)) {
            times.put(which, at);
            evidence.put(which, from);
        }
    }

    /** {@code May 12, 2024, 09:00 AM UTC to May 12, 2024, 11:30 AM UTC (2 h 30 min)}, or {@code ... to (ongoing)}. */
    private boolean duration(String text, String label) {
        Written start = context.leading(text);
        Duration length = start == null ? ImportDurations.length(text) : null;
        if (length != null) {
            this.length = length; // "Duration: 314 minutes": the end is the start plus this, once the start is known
            lengthLabel = NodeText.name(label);
            return true;
        }
        if (start == null) {
            context.warn("import.warning.timeUnread", "duration", text);
            return false;
        }
        String rest = text.substring(start.end());
        Matcher range = RANGE.matcher(rest);
        boolean ranged = range.find();
        Written end = ranged ? context.leading(rest.substring(range.end())) : null;
        context.ongoing |= ranged && end == null && ONGOING.matcher(rest).find();
        if (end != null && start.zone() == null && end.zone() != null) {
            start = new Written(start.date(), start.yearGiven(), start.time(), end.zone(), end.zoneText(), start.end());
        }
        if (context.documentDate == null && start.date() != null && start.yearGiven()) {
            context.documentDate = start.date();
        }
        Instant started = context.instant(start);
        Evidence line = Evidence.of("import.evidence.label", NodeText.name(label));
        if (started != null) {
            put(SummaryTime.STARTED, started, line);
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
            put(SummaryTime.RESOLVED, resolved, line);
        }
        return true;
    }
}
