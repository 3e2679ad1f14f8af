package org.hindsight.postmortem;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.incident.Severity;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;

/**
 * Incidents with awkward text, made from a seeded {@link Random}: the same incidents on every run. Titles full
 * of Markdown punctuation, multi-line Markdown events that look like the export's own lines, timelines across
 * midnight and New Year, events at the same second, dead ends with key moments, every status and kind.
 */
public final class AwkwardIncidents {

    public record Event(String text, Instant at, EventKind kind, Set<KeyMoment> keyMoments) {
    }

    public record Action(ActionCategory category, String title, int owner, LocalDate due, ActionType type,
            ActionPriority priority, ActionStatus status, String wontDoReason) {
    }

    public record Incident(String title, Severity severity, Instant startedAt, Instant resolvedAt, String impact,
            BigDecimal usersAffected, List<String> services, String rootCauseSummary, String rootCause,
            String resolution, String contributingFactors, String lessons, String notes, List<Event> events,
            List<Action> actions, String zone, String clock) {
    }

    /** Plain one-line values (titles, root cause summaries, won't-do reasons). */
    public static final List<String> PLAIN = List.of(
            "#1 *fix* the _thing_", "# not a heading", "1. not a list", "2) nor this", "- dash first", "+ plus first",
            "> quoted", "= equals", "a | b | c", "`code` span", "[x] done box", "[ ] empty box", "<b>bold</b> tag",
            "&amp; &copy; &#35; entities", "back\\slash\\", "trailing spaces   ", "   leading spaces",
            "emoji 🔥🚒 fire", "RTL عربى עברית text", "CJK 日本語の障害 中文", "averyveryveryveryveryveryveryveryverylong"
                    + "wordwithoutanyspacesatallthatgoesonandonandonandonandonandonandonandon",
            "*(alert)*", "ends with *(note)*", "100% <= 99.5% of ~users~", "![img](x.png) and [link](http://x)",
            "**bold** __also__", "snake_case_name", "!important", "https://example.com/a_b?c=d&e=f", "tab\there",
            "won't do: inner", "owner @someone, due 2024-01-01", "(in parentheses)", "7.", "-", "x*y*z", "a_b_c",
            "1.5 percent", "Ünïcödé — “quotes” ‘single’ …", "--- dashes", "***", "#hashtag", "C# and F#");

    /** Markdown blocks that events and text fields are made of. */
    public static final List<String> MARKDOWN = List.of(
            "Plain words with `code`, **bold**, _emphasis_ and a [link](https://example.com).",
            "A paragraph\nthat goes on for\nthree lines.",
            "- first item\n- second item\n  continued\n- third",
            "1. one\n2. two\n3. three",
            "- **09:00 AM UTC:** fake event",
            "Text before\n- **09:00 AM UTC:** fake event on the next line",
            "---",
            "## Notes",
            "## Timeline\n\nNot the real timeline.",
            "Setext heading\n---",
            "```\ncode block\n  - not a list\n## not a heading\n```",
            "    indented code\n    second line",
            "| Time | Event |\n|---|---|\n| 09:00 | fake row |",
            "> a quote\n> - with a list",
            "Hard break at the end  \nnext line",
            "- [ ] a task\n- [x] done task",
            "日本語のテキスト 🔥 and עברית",
            "Line with trailing backslash\\\nnext",
            "<b>raw html</b> &amp; <script>alert(1)</script>",
            "**Dead end:** looks like a dead end",
            "Ends with a meta *(alert)*",
            "Ends with key moment *(key moment: start)*",
            "Ends with *(action; key moments: mitigated, end)*",
            "*(observation)*",
            "Time first: May 12, 2024, 09:00 AM UTC is when",
            "09:30 AM UTC: looks like a time",
            "Severity: SEV1",
            "# Postmortem: another title",
            "### Improvements/Fixes\n\n- [x] not an action item *(owner @nobody, process, high priority)*");

    private static final EventKind[] KINDS = EventKind.values();

    private AwkwardIncidents() {
    }

    public static List<Incident> generate(long seed, int count) {
        Random r = new Random(seed);
        List<Incident> incidents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            incidents.add(incident(r, i));
        }
        return incidents;
    }

    private static Incident incident(Random r, int n) {
        // starts from 2019 to 2030, some just before New Year; whole seconds, often not on the minute
        Instant start = Instant.parse((2019 + r.nextInt(12)) + "-01-01T00:00:00Z")
                .plusSeconds(r.nextInt(364) * 86400L + r.nextInt(86400));
        if (n % 5 == 0) {
            start = Instant.parse((2020 + n % 7) + "-12-31T22:59:30Z");
        }
        List<Event> events = new ArrayList<>();
        Instant at = start;
        int eventCount = n % 6 == 0 ? 0 : 1 + r.nextInt(8);
        List<KeyMoment> moments = new ArrayList<>(List.of(KeyMoment.values()));
        moments.remove(KeyMoment.END);
        Instant resolved = null;
        for (int e = 0; e < eventCount; e++) {
            at = at.plus(gap(r));
            Set<KeyMoment> tagged = EnumSet.noneOf(KeyMoment.class);
            while (!moments.isEmpty() && r.nextInt(3) == 0) {
                tagged.add(moments.remove(0)); // in order: summary times never go backwards
            }
            if (e == eventCount - 1 && r.nextBoolean()) {
                tagged.add(KeyMoment.END);
                resolved = at;
            }
            events.add(new Event(eventText(r), at, KINDS[r.nextInt(KINDS.length)], tagged));
        }
        if (resolved == null && r.nextInt(3) == 0) {
            resolved = at.plus(gap(r));
        }
        List<Action> actions = new ArrayList<>();
        int actionCount = r.nextInt(7);
        for (int a = 0; a < actionCount; a++) {
            ActionStatus status = ActionStatus.values()[r.nextInt(ActionStatus.values().length)];
            actions.add(new Action(r.nextBoolean() ? ActionCategory.TASK : ActionCategory.IMPROVEMENT,
                    plain(r, 1 + r.nextInt(3)), r.nextInt(4) - 1,
                    r.nextBoolean() ? null : LocalDate.of(2024, 1, 1).plusDays(r.nextInt(2000)),
                    ActionType.values()[r.nextInt(ActionType.values().length)],
                    ActionPriority.values()[r.nextInt(ActionPriority.values().length)], status,
                    status == ActionStatus.WONT_DO ? plain(r, 1 + r.nextInt(2)) : null));
        }
        List<String> services = new ArrayList<>();
        for (String s : List.of("api_gateway", "auth-service", "db.primary", "cache#2", "münchen-edge", "日本-cdn")) {
            if (r.nextInt(4) == 0) {
                services.add(s);
            }
        }
        String[] zones = {"UTC", "Asia/Kolkata", "America/Los_Angeles", "Europe/Berlin", "Asia/Kathmandu",
            "Australia/Adelaide", "Pacific/Auckland"};
        return new Incident(plain(r, 1 + r.nextInt(3)), Severity.values()[r.nextInt(4)], start, resolved,
                optional(r, () -> markdown(r)),
                r.nextBoolean() ? null : BigDecimal.valueOf(r.nextInt(10001), 2),
                services, optional(r, () -> plain(r, 1 + r.nextInt(2))), optional(r, () -> markdown(r)),
                optional(r, () -> markdown(r)), optional(r, () -> markdown(r)), optional(r, () -> lessons(r)),
                optional(r, () -> markdown(r)), events, actions, zones[r.nextInt(zones.length)],
                r.nextBoolean() ? "12" : "24");
    }

    /** The same second, minutes, hours, or days: past midnight and past New Year. */
    private static Duration gap(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> Duration.ZERO;
            case 1 -> Duration.ofSeconds(1 + r.nextInt(600));
            case 2 -> Duration.ofMinutes(1 + r.nextInt(180));
            case 3 -> Duration.ofHours(1 + r.nextInt(30)).plusSeconds(r.nextInt(60));
            default -> Duration.ofDays(1 + r.nextInt(40)).plusMinutes(r.nextInt(1440));
        };
    }

    private static String plain(Random r, int parts) {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            chosen.add(PLAIN.get(r.nextInt(PLAIN.size())));
        }
        return String.join(" ", chosen);
    }

    private static String eventText(Random r) {
        if (r.nextInt(3) == 0) {
            return plain(r, 1 + r.nextInt(2));
        }
        return markdown(r);
    }

    /** One to four blocks, a blank line (or sometimes only a line break) apart. */
    private static String markdown(Random r) {
        StringBuilder s = new StringBuilder(MARKDOWN.get(r.nextInt(MARKDOWN.size())));
        int more = r.nextInt(4);
        for (int i = 0; i < more; i++) {
            s.append(r.nextInt(4) == 0 ? "\n" : "\n\n").append(MARKDOWN.get(r.nextInt(MARKDOWN.size())));
        }
        return s.toString();
    }

    /**
     * A closing summary: it follows the rule {@code ---} at the top level of the document, so it starts with a
     * paragraph (a heading or a rule first would read as a section of the document) and has no heading named
     * Notes (that heading starts the notes): the two ambiguities the format has.
     */
    private static String lessons(Random r) {
        String markdown;
        do {
            markdown = markdown(r);
        } while (markdown.matches("(?s).*(?:^|\n)#+ Notes(?:\\s.*)?$"));
        return "The closing summary starts with a paragraph.\n\n" + markdown;
    }

    private static String optional(Random r, java.util.function.Supplier<String> value) {
        return r.nextInt(4) == 0 ? null : value.get();
    }
}
