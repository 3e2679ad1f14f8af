package org.hindsight.postmortem.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.postmortem.MarkdownText;
import org.hindsight.postmortem.imports.ImportSections.Section;
import org.hindsight.postmortem.imports.ImportTimes.Written;
import org.hindsight.postmortem.imports.ImportedPostmortem.Event;
import org.hindsight.postmortem.imports.NodeText.Block;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;

import com.vladsch.flexmark.ast.ListBlock;
import com.vladsch.flexmark.ast.ListItem;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.ext.tables.TableBlock;
import com.vladsch.flexmark.util.ast.Node;

/**
 * Reads a timeline section: bullet or numbered lists, {@code -09:00 ...} lines, or a table with a time
 * (and maybe a date) column. Each entry starts with its time; Hindsight's own export adds the kind and key
 * moments in {@code *(...)*} and marks dead ends. Entries without a readable time are kept as notes.
 */
final class ImportTimelineReader {

    static final int MAX_TEXT = 4000;
    private static final String[] TIME_COLUMNS = {"time", "when", "timestamp", "date/time", "datetime"};
    private static final String[] LINK_COLUMNS = {"link", "links", "graph", "graphs", "dashboard", "data",
        "evidence", "source", "reference", "references"};
    private static final String[] TEXT_COLUMNS = {"event", "description", "what happened", "what", "details",
        "activity", "action", "update", "summary", "note", "notes"};

    private static final Pattern AFTER_TIME = Pattern.compile(
            "^(?:\\*\\*|__|`|\\]|\\))?[ \\t]*(?:[:\\-\u2013\u2014|][ \\t]*)?(?:\\*\\*|__)?[ \\t]*");
    private static final Pattern BEFORE_TIME = Pattern.compile("^(?:\\*\\*|__|`|\\[|\\()");
    /** Opens with (?<!\s), so that find() tries a long run of spaces once, from its start (else quadratic). */
    static final Pattern META = Pattern.compile("(?<!\\s)\\s*\\*\\(([^()\\n]*)\\)\\*\\s*$");
    private static final Pattern DASH_LINE = Pattern.compile("^-(?!--)\\s*\\S.*");
    private static final Pattern PARENTHESES = Pattern.compile("\\([^)]*\\)");
    private static final Pattern HEADER_ZONE = Pattern.compile("\\(([^)]+)\\)");
    private static final String SUBJECT = "(?:outage|incident|impact|disruption|downtime|degradation)";
    // at the end only with its subject ("... - outage starts"), at the start also alone ("start: ...", "End - ...")
    private static final Pattern STARTS = Pattern.compile("(?i)\\b" + SUBJECT + "\\s+(?:begins|began|starts|started)\\b"
            + "|^(?:(?:incident|outage|impact)\\s+)?(?:start|begin)\\s*[:\u2013\u2014-]");
    private static final Pattern ENDS = Pattern.compile("(?i)\\b" + SUBJECT
            + "\\s+(?:ends|ended|is over|was over|resolved|is resolved|was resolved)\\b"
            + "|^(?:(?:incident|outage|impact)\\s+)?end\\s*[:\u2013\u2014-]");
    private static final Pattern MITIGATES = Pattern.compile("(?i)\\b" + SUBJECT
            + "\\s+(?:is|was|has been)\\s+mitigated\\b|^mitigated\\s*[:\u2013\u2014-]");
    private static final Pattern DEAD_END = Pattern.compile("^\\*\\*Dead end:\\*\\*\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern GUESSED_DEAD_END = Pattern.compile(
            "\\b(?:misleading|dead[ -]end|red herring|false lead)\\b", Pattern.CASE_INSENSITIVE);

    private final ImportContext context;
    private final int index;
    private final Section section;
    final List<Event> events = new ArrayList<>();
    private final List<String> unread = new ArrayList<>();

    private ImportTimelineReader(ImportContext context, int index, Section section) {
        this.context = context;
        this.index = index;
        this.section = section;
    }

    static List<Event> read(ImportContext context, int index, Section section) {
        ImportTimelineReader reader = new ImportTimelineReader(context, index, section);
        LocalDate headingDate = section.heading() == null ? null : headingDate(context, section.heading());
        if (headingDate != null) {
            context.startDay(headingDate); // "### 2024-05-13" under the timeline
        }
        for (Block block : section.blocks()) {
            reader.block(block);
        }
        if (!reader.unread.isEmpty()) {
            context.keep(index, section.headingSource(), String.join("\n", reader.unread));
            context.warn("import.warning.timelineUnread", reader.unread.size());
        }
        return reader.events;
    }

    /**
     * Whether a section Hindsight does not know by name is a timeline all the same ("What happened"): a table with
     * a time column, or at least three list entries of which two in three start with a time.
     */
    static boolean looksLikeTimeline(Section section, ImportContext context) {
        int entries = 0;
        int timed = 0;
        for (Block block : section.blocks()) {
            if (block.node() instanceof TableBlock table) {
                ImportTable rows = ImportTable.of(table);
                if (rows.column(TIME_COLUMNS) >= 0 && rows.column(TEXT_COLUMNS) >= 0) {
                    return true;
                }
            } else if (block.node() instanceof ListBlock list) {
                for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                    entries++;
                    if (item instanceof ListItem listItem && listItem.getFirstChild() != null) { // as block() reads it
                        String text = NodeText.range(listItem.getFirstChild(), listItem.getLastChild());
                        timed += context.leading(unwrap(text)) != null ? 1 : 0;
                    }
                }
            }
        }
        return timed >= 3 && timed * 3 >= entries * 2;
    }

    /** "### 2024-05-13", "### 3.1 October 21, 2018": the day of the entries below. */
    private static LocalDate headingDate(ImportContext context, String heading) {
        LocalDate date = context.date(heading);
        if (date == null) {
            date = context.date(NodeText.withoutNumbering(heading));
        }
        String inParentheses = date == null ? firstParenthesised(heading) : null;
        ImportZonePhrase.Declared declared = inParentheses == null ? null
                : ImportZonePhrase.setting(inParentheses, context); // "Timeline (UTC, 25 July 2023)"
        if (declared != null && declared.zone() != null && context.declaredZone == null) {
            context.declaredZone = declared.zone();
        }
        return declared != null ? declared.date() : date;
    }

    private void block(Block block) {
        if (NodeText.isPlaceholder(block.text())) {
            return; // "_No timeline events recorded._"
        }
        Node node = block.node();
        if (node instanceof ListBlock list) {
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                if (item instanceof ListItem listItem && listItem.getFirstChild() != null) {
                    entry(NodeText.range(listItem.getFirstChild(), listItem.getLastChild()),
                            NodeText.source(listItem));
                }
            }
        } else if (node instanceof TableBlock table) {
            ImportTable rows = ImportTable.of(table);
            int time = rows.column(TIME_COLUMNS);
            int date = rows.column("date", "day");
            int text = rows.column(TEXT_COLUMNS);
            if (time < 0 || text < 0) {
                context.keep(index, section.headingSource(), block.text());
                context.warn("import.warning.tableNotUnderstood", NodeText.name(section.heading()));
                return;
            }
            String headerZone = headerZone(rows.header(time)); // "Time (PST)"; read once, not for every row
            int link = rows.column(LINK_COLUMNS);
            for (List<String> row : rows.body()) {
                String when = (date >= 0 && date != time ? rows.cell(row, date) + " " : "") + rows.cell(row, time);
                Written cellTime = context.leading(unwrap(when.strip()));
                if (cellTime != null && cellTime.zone() == null && headerZone != null) {
                    when = when.strip() + " " + headerZone;
                }
                String rest = rows.cell(row, text) + rows.others(row, time, date, text, link);
                if (link >= 0 && !rows.cell(row, link).isBlank()) { // a graph or dashboard: kept, not in the entry
                    context.keep(index, section.headingSource(), when.strip() + ": " + rows.cell(row, link));
                }
                entry(when.strip() + " " + rest, "| " + String.join(" | ", row) + " |");
            }
        } else if (node == null || node instanceof Paragraph) {
            lines(block.text());
        } else {
            unread.add(block.text());
        }
    }

    /** {@code -09:00 AM UTC: text} lines (a CommonMark paragraph), or lines that each start with a time. */
    private void lines(String text) {
        List<String> items = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\n")) {
            String stripped = line.strip();
            boolean dash = DASH_LINE.matcher(stripped).matches();
            String body = dash ? stripped.substring(1).strip() : stripped;
            if (dash || context.leading(unwrap(body)) != null) {
                if (current != null) {
                    items.add(current.toString());
                }
                current = new StringBuilder(body);
            } else if (current != null) {
                current.append('\n').append(stripped);
            } else if (!stripped.isEmpty() && !setting(stripped)) {
                unread.add(line);
            }
        }
        if (current != null) {
            items.add(current.toString());
        }
        items.forEach(item -> entry(item, "- " + item));
    }

    /** "2015-10-21 (all times UTC)" above the entries: the day they start on, and their zone. */
    private boolean setting(String line) {
        ImportZonePhrase.Declared only = ImportZonePhrase.setting(line, context); // "Tuesday 30 July 2024, UTC"
        ImportZonePhrase.Declared declared = only != null ? only : ImportZonePhrase.find(line, context);
        ZoneId zone = declared == null ? null : declared.zone();
        if (zone != null && context.declaredZone == null) {
            context.declaredZone = zone;
        }
        String rest = NodeText.name(withoutParentheses(line)); // "**2023-11-04**" above the day's entries
        LocalDate date = declared != null && declared.date() != null ? declared.date()
                : rest.isEmpty() ? null : context.date(rest);
        if (date != null) {
            context.startDay(date);
        }
        return date != null || (zone != null && line.length() < 60);
    }

    private String headerZone(String header) {
        String zone = firstParenthesised(header);
        return zone != null && ImportTimes.zone(zone, context.declaredZone, null) != null ? zone.strip() : null;
    }

    /** What the first {@code (...)} holds (not empty), or null; read up to the last {@code )}, as below. */
    static String firstParenthesised(String text) {
        Matcher m = HEADER_ZONE.matcher(text.substring(0, text.lastIndexOf(')') + 1));
        return m.find() ? m.group(1) : null;
    }

    /**
     * The line without its {@code (...)} parts. No part ends after the last {@code )}: the search stops there, for
     * from each {@code (} after it the pattern would read on to the end of the line (quadratic in a run of them).
     */
    static String withoutParentheses(String line) {
        int end = line.lastIndexOf(')') + 1;
        return PARENTHESES.matcher(line.substring(0, end)).replaceAll("") + line.substring(end);
    }

    private static String unwrap(String text) {
        Matcher before = BEFORE_TIME.matcher(text);
        return before.find() ? text.substring(before.end()) : text;
    }

    private void entry(String content, String asWritten) {
        String text = unwrap(content);
        Written written = context.leading(text);
        if (written == null) {
            unread.add(asWritten);
            return;
        }
        String timeText = text.substring(0, written.end()).strip();
        text = text.substring(written.end());
        Matcher after = AFTER_TIME.matcher(text);
        if (after.find()) {
            text = text.substring(after.end());
        }
        EventKind kind = null;
        Set<KeyMoment> moments = EnumSet.noneOf(KeyMoment.class);
        int paragraphEnd = MarkdownText.firstParagraphEnd(text); // a list or heading may follow on the next line
        String first = paragraphEnd < 0 ? text : text.substring(0, paragraphEnd);
        Matcher meta = META.matcher(first);
        if (meta.find() && readMeta(meta.group(1), moments)) {
            kind = metaKind(meta.group(1));
            text = first.substring(0, meta.start()) + (paragraphEnd < 0 ? "" : text.substring(paragraphEnd));
            context.explicitMoments |= !moments.isEmpty();
        } else if (!context.explicitKinds) {
            momentsInWords(first, moments);
        }
        Matcher deadEnd = DEAD_END.matcher(text);
        if ((kind == null || kind == EventKind.DEAD_END) && deadEnd.find()) { // another kind written out wins
            kind = EventKind.DEAD_END;
            text = text.substring(deadEnd.end());
        } else if (kind == null && !context.explicitKinds && GUESSED_DEAD_END.matcher(text).find()) {
            kind = EventKind.DEAD_END;
        }
        text = text.strip();
        if (text.isEmpty()) {
            unread.add(asWritten);
            return;
        }
        String shorter = NodeText.shortened(text, MAX_TEXT);
        if (shorter != null) {
            context.warn("import.warning.eventShortened", timeText, MAX_TEXT);
            context.keep(index, section.headingSource(), text);
            text = shorter;
        }
        Instant at = context.timelineInstant(written);
        events.add(new Event(timeText, at, text, kind == null ? EventKind.NOTE : kind, moments));
    }

    /**
     * Key moments an entry states in words: "OUTAGE BEGINS", "impact started", "Incident end:", "start —" at its
     * start or end. A word inside a sentence ("the start of the rollout") is no key moment.
     */
    static void momentsInWords(String text, Set<KeyMoment> moments) {
        String plain = NodeText.plain(text);
        if (STARTS.matcher(plain).find()) {
            moments.add(KeyMoment.START);
        }
        if (ENDS.matcher(plain).find()) {
            moments.add(KeyMoment.END);
        }
        if (MITIGATES.matcher(plain).find()) {
            moments.add(KeyMoment.MITIGATED);
        }
    }

    /** {@code alert; key moments: start, impact detected}: true when every part is understood. */
    private static boolean readMeta(String meta, Set<KeyMoment> moments) {
        for (String part : meta.split(";")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("key moment")) {
                String list = p.replaceFirst("^key moments?:", "");
                for (String name : list.split(",")) {
                    KeyMoment moment = moment(name.strip());
                    if (moment == null) {
                        return false;
                    }
                    moments.add(moment);
                }
            } else if (kind(p) == null) {
                return false;
            }
        }
        return true;
    }

    private static EventKind metaKind(String meta) {
        String first = meta.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return first.startsWith("key moment") ? null : kind(first);
    }

    private static EventKind kind(String word) {
        return switch (word) {
            case "note" -> EventKind.NOTE;
            case "alert" -> EventKind.ALERT;
            case "action" -> EventKind.ACTION;
            case "observation" -> EventKind.OBSERVATION;
            case "decision" -> EventKind.DECISION;
            case "dead end" -> EventKind.DEAD_END;
            default -> null;
        };
    }

    private static KeyMoment moment(String words) {
        for (KeyMoment moment : KeyMoment.values()) {
            if (moment.name().replace('_', ' ').equalsIgnoreCase(words)) {
                return moment;
            }
        }
        return null;
    }
}
