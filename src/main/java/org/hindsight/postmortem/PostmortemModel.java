package org.hindsight.postmortem;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;
import org.hindsight.timeline.TimelineViews.TimelineRow;

/**
 * The view a postmortem template renders: nested maps of strings, booleans and lists only, every value
 * already escaped for Markdown (plain text) or shaped to stay where it lands (user Markdown), so that a
 * template cannot forget escaping and cannot reach any Java object. The variables are listed in README.md.
 */
public final class PostmortemModel {

    static final String NOT_RECORDED = "_Not recorded._";

    private PostmortemModel() {
    }

    public static Map<String, Object> of(PostmortemData data, ExportOptions options) {
        IncidentDetails i = data.incident();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", i.key());
        m.put("title", MarkdownText.escape(i.title()));
        m.put("severity", i.severity().name());
        m.put("status", words(i.status().name()));
        m.put("zone", options.zone().getId());
        m.put("zoneShown", !options.zone().getId().equals(ExportOptions.DEFAULT_ZONE));
        m.put("clock", options.clock());
        m.put("started", options.dateTime(i.startedAt()));
        m.put("resolved", i.resolvedAt() == null ? "" : options.dateTime(i.resolvedAt()));
        m.put("ongoing", i.resolvedAt() == null);
        m.put("length", i.resolvedAt() == null ? "" : length(Duration.between(i.startedAt(), i.resolvedAt())));
        m.put("duration", i.resolvedAt() == null ? m.get("started") + " to (ongoing)"
                : m.get("started") + " to " + m.get("resolved") + " (" + m.get("length") + ")");
        // the incident's durations (IncidentViews.Durations) and its time lost to dead ends (DeadEndTimes)
        m.put("timeToDetect", lengthField(i.durations().toDetectSeconds()));
        m.put("timeToRespond", lengthField(i.durations().toRespondSeconds()));
        m.put("timeToMitigate", lengthField(i.durations().toMitigateSeconds()));
        m.put("timeToResolve", lengthField(i.durations().toResolveSeconds()));
        m.put("deadEndTime", lengthField(data.deadEndSeconds()));
        m.put("usersAffected", percent(i.usersAffectedPercent()));
        m.put("hasUsersAffected", i.usersAffectedPercent() != null);
        List<String> services = i.services().stream().sorted().map(MarkdownText::escape).toList();
        m.put("services", services);
        m.put("servicesText", String.join(", ", services));
        m.put("hasServices", !services.isEmpty());
        m.put("commander", i.commander() == null ? "" : MarkdownText.escape(i.commander().username()));
        m.put("impact", markdown(i.impact()));
        m.put("rootCauseSummary", plain(i.rootCauseSummary()));
        m.put("rootCause", markdown(i.rootCause()));
        m.put("resolution", markdown(i.resolution()));
        m.put("contributingFactors", markdown(i.contributingFactors()));
        m.put("lessons", markdown(i.lessons()));
        m.put("notes", markdown(i.notes()));
        List<TimelineRow> rows = options.fullHistory() ? data.events()
                : data.events().stream().filter(row -> !row.statusChange()).toList();
        List<Map<String, Object>> events = events(rows, options);
        m.put("events", events);
        m.put("hasEvents", !events.isEmpty());
        m.put("trigger", eventText(data.events(), KeyMoment.START));
        m.put("detection", eventText(data.events(), KeyMoment.IMPACT_DETECTED));
        List<Map<String, Object>> deadEnds = events.stream().filter(e -> (Boolean) e.get("deadEnd")).toList();
        m.put("deadEnds", deadEnds);
        m.put("hasDeadEnds", !deadEnds.isEmpty());
        ActionModel.addTo(m, data.actions());
        return m;
    }

    /** A value of a text field: {@code present}, {@code text}, {@code item} (after a list label), {@code block}. */
    static Map<String, Object> field(boolean present, String text, String item) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("present", present);
        f.put("text", present ? text : "");
        f.put("item", present ? item : " " + NOT_RECORDED);
        f.put("block", present ? text : NOT_RECORDED);
        return f;
    }

    static Map<String, Object> markdown(String markdown) {
        String text = MarkdownText.clean(markdown);
        return markdown(text, MarkdownText.splitClean(text));
    }

    /** {@link #markdown(String)} of text already {@link MarkdownText#clean clean} and split. */
    private static Map<String, Object> markdown(String clean, MarkdownText.Split split) {
        return field(!clean.isEmpty(), clean, MarkdownText.listItemContent(split, "", ""));
    }

    static Map<String, Object> plain(String plain) {
        String text = MarkdownText.escape(plain);
        return field(!text.isEmpty(), text, " " + text);
    }

    private static List<Map<String, Object>> events(List<TimelineRow> rows, ExportOptions options) {
        List<Map<String, Object>> events = new ArrayList<>();
        LocalDate previous = null;
        for (TimelineRow row : rows) {
            // cleaned and parsed once: the kind check, the text field and the item all read the same split
            String text = MarkdownText.clean(row.text());
            MarkdownText.Split split = MarkdownText.splitClean(text);
            LocalDate date = LocalDate.ofInstant(row.at(), options.zone());
            String dateTime = options.dateTime(row.at());
            boolean deadEnd = row.kind() == EventKind.DEAD_END;
            String kind = deadEnd || row.kind() == EventKind.NOTE ? "" : words(row.kind().name());
            if (kind.isEmpty() && looksLikeMetaOrDeadEnd(split, deadEnd)) {
                kind = words(row.kind().name()); // so that the text's own ending or opening is not read as ours
            }
            String moments = row.keyMoments().isEmpty() ? ""
                    : row.keyMoments().stream().sorted().map(k -> words(k.name())).collect(Collectors.joining(", "));
            String momentsPart = moments.isEmpty() ? ""
                    : (row.keyMoments().size() == 1 ? "key moment: " : "key moments: ") + moments;
            String meta = kind.isEmpty() || momentsPart.isEmpty() ? kind + momentsPart : kind + "; " + momentsPart;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("time", date.equals(previous) ? options.time(row.at()) : dateTime);
            e.put("dateTime", dateTime);
            e.put("kind", kind);
            e.put("keyMoments", moments);
            e.put("meta", meta);
            e.put("deadEnd", deadEnd);
            e.put("text", markdown(text, split));
            e.put("item", MarkdownText.listItemContent(split, deadEnd ? "**Dead end:**" : "",
                    meta.isEmpty() ? "" : " *(" + meta + ")*").stripLeading());
            events.add(e);
            previous = date;
        }
        return events;
    }

    /**
     * Whether an event's text, exported without a kind, would be misread: its first paragraph ends like a meta
     * ({@code *(alert)*}), or (not being a dead end) it opens with {@code **Dead end:**}.
     */
    private static boolean looksLikeMetaOrDeadEnd(MarkdownText.Split split, boolean deadEnd) {
        return MarkdownText.endsWithMeta(split.paragraph())
                || !deadEnd && split.paragraph().toLowerCase(Locale.ROOT).startsWith("**dead end:**");
    }

    /** The text of the first event marked with this key moment, as a field. */
    private static Map<String, Object> eventText(List<TimelineRow> rows, KeyMoment moment) {
        return rows.stream().filter(r -> r.keyMoments().contains(moment)).findFirst()
                .map(r -> markdown(r.text())).orElseGet(() -> markdown(null));
    }

    /**
     * A duration as a text field ({@link #plain}): {@link #length} of it, signed when negative (times out of order),
     * not recorded when null (a time it needs is unset).
     */
    static Map<String, Object> lengthField(Long seconds) {
        if (seconds == null) {
            return plain(null);
        }
        Duration duration = Duration.ofSeconds(seconds);
        return plain(duration.isNegative() ? "-" + length(duration.negated()) : length(duration));
    }

    /** {@code 2 h 30 min}, {@code 45 min}, {@code 3 d 4 h}. */
    static String length(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        long days = minutes / 1440;
        long hours = minutes % 1440 / 60;
        long rest = minutes % 60;
        if (days > 0) {
            return hours > 0 ? days + " d " + hours + " h" : days + " d";
        }
        if (hours > 0) {
            return rest > 0 ? hours + " h " + rest + " min" : hours + " h";
        }
        return rest + " min";
    }

    private static String percent(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString() + "%";
    }

    /** {@code IMPACT_DETECTED} → {@code impact detected}. */
    static String words(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
