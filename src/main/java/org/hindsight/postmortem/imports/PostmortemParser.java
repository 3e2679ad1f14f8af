package org.hindsight.postmortem.imports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.postmortem.LinearHeadings;
import org.hindsight.postmortem.imports.ImportDraft.Field;
import org.hindsight.postmortem.imports.ImportLabels.Entry;
import org.hindsight.postmortem.imports.ImportSections.Section;
import org.hindsight.postmortem.imports.ImportedPostmortem.Action;
import org.hindsight.postmortem.imports.ImportedPostmortem.Event;

import com.vladsch.flexmark.ext.gfm.tasklist.TaskListExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.data.MutableDataSet;

/**
 * Reads a Markdown postmortem into an {@link ImportedPostmortem}: a pure function of the text and the
 * user's {@link ImportOptions}, nothing saved. Walks flexmark's AST (headings, paragraphs, lists, task lists,
 * tables); Markdown fields keep the document's own source, so Hindsight's export reads back unchanged.
 */
public final class PostmortemParser {

    static final int MAX_TITLE = 200;
    static final int MAX_NOTES = 20000;
    private static final Parser PARSER;

    static {
        MutableDataSet options = new MutableDataSet();
        options.set(Parser.EXTENSIONS, List.of(TablesExtension.create(), TaskListExtension.create(),
                LinearHeadings.create()));
        PARSER = Parser.builder(options).build();
    }

    private PostmortemParser() {
    }

    public static ImportedPostmortem parse(String markdown, ImportOptions options) {
        FrontMatter front = FrontMatter.of(markdown.replace("\uFEFF", "").replace("\r\n", "\n").replace('\r', '\n'));
        String text = front.body();
        Document document = PARSER.parse(text);
        List<Section> sections = ImportSections.of(document);
        ImportContext context = new ImportContext(options);
        context.frontMatterDate(front.date());
        context.dayFirst = ImportTimes.dayFirst(text);
        ImportDraft draft = new ImportDraft(context);
        List<Event> updates = new ArrayList<>();
        sections = ImportStatusUpdates.extract(sections, context, updates);
        Map<Integer, List<Entry>> labelled = new java.util.HashMap<>();
        boolean top = true; // unknown sections give summary lines only above the record's own sections
        for (int i = 0; i < sections.size(); i++) {
            Section section = sections.get(i);
            ImportSectionKind kind = section.kind();
            top &= kind == ImportSectionKind.TITLE || kind == ImportSectionKind.SUMMARY || kind == ImportSectionKind.UNKNOWN;
            if (kind == ImportSectionKind.TITLE || kind == ImportSectionKind.SUMMARY
                    || kind == ImportSectionKind.UNKNOWN && top) {
                labelled.put(i, ImportLabels.of(section.blocks()));
                draft.settings(labelled.get(i));
            }
        }
        ImportSettings.fromProse(sections, context);
        context.namedRootCause = sections.stream().anyMatch(s -> s.kind() == ImportSectionKind.ROOT_CAUSE
                && s.heading() != null && ImportSectionKind.namesRootCause(s.heading()) && !s.blocks().isEmpty());
        context.otherRootCause = sections.stream().anyMatch(s -> s.kind() == ImportSectionKind.ROOT_CAUSE
                && !s.blocks().isEmpty());
        List<Event> events = new ArrayList<>(updates);
        List<Action> actions = new ArrayList<>();
        List<ImportSentenceTimes.Stated> stated = new ArrayList<>();
        String summary = null;
        // the title the front matter declares comes before any heading's
        String headingTitle = front.title();
        for (int i = 0; i < sections.size(); i++) {
            Section section = sections.get(i);
            if (section.kind() == ImportSectionKind.TITLE && section.heading() != null && headingTitle == null) {
                headingTitle = withoutPrefix(section.heading());
            }
            if (summary == null && (section.kind() == ImportSectionKind.TITLE
                    || section.kind() == ImportSectionKind.SUMMARY)) {
                summary = unlabelled(labelled.get(i));
            }
            read(i, section, labelled.get(i), context, draft, events, actions);
            if (statesTimes(section.kind())) {
                stated.addAll(ImportSentenceTimes.find(NodeText.plain(NodeText.join(section.blocks())), context));
            }
        }
        boolean structured = !events.isEmpty() || !actions.isEmpty() || draft.has(Field.ROOT_CAUSE)
                || draft.has(Field.RESOLUTION);
        if (!draft.has(Field.IMPACT) && summary != null && structured) {
            draft.add(Field.IMPACT, null, summary); // a guess: what the summary says happened to users
            context.warn("import.warning.impactFromSummary");
        }
        draft.percentFromImpact();
        ImportSummaryTimes.settle(draft, events, updates, stated, context);
        return result(options == null ? ImportOptions.none() : options, context, draft,
                headingTitle, events, actions);
    }

    /** The prose of a summary-like section without its "Label: value" lines, or null. */
    private static String unlabelled(List<Entry> entries) {
        String text = entries.stream().filter(e -> e.label() == null && !NodeText.isPlaceholder(e.value()))
                .map(e -> e.value().strip()).filter(v -> !v.isEmpty()).collect(Collectors.joining("\n\n"));
        return text.isBlank() ? null : text;
    }

    /** Prose sections whose sentences may state a summary time ("mitigated at 12:35 UTC"). */
    private static boolean statesTimes(ImportSectionKind kind) {
        return kind == ImportSectionKind.TITLE || kind == ImportSectionKind.SUMMARY || kind == ImportSectionKind.IMPACT
                || kind == ImportSectionKind.RESOLUTION || kind == ImportSectionKind.UNKNOWN;
    }

    private static void read(int i, Section section, List<Entry> entries, ImportContext context,
            ImportDraft draft, List<Event> events, List<Action> actions) {
        String heading = section.headingSource();
        switch (section.kind()) {
            case TITLE, SUMMARY -> entries.stream().filter(e -> !draft.entry(e, false))
                    .forEach(e -> context.keep(i, heading, e.asWritten()));
            case ROOT_CAUSE_AND_RESOLUTION -> ImportLabels.of(section.blocks()).forEach(e -> {
                if (e.label() == null) {
                    draft.add(Field.ROOT_CAUSE, null, e.value());
                } else if (!draft.entry(e, true)) {
                    context.keep(i, heading, e.asWritten());
                }
            });
            case IMPACT -> text(draft, Field.IMPACT, section);
            case ROOT_CAUSE -> text(draft, context.namedRootCause && !ImportSectionKind.namesRootCause(
                    section.heading()) ? Field.CONTRIBUTING_FACTORS : Field.ROOT_CAUSE, section, context.namedRootCause);
            // the trigger is the root cause only when no other section gives one; beside one, it contributed
            case TRIGGER -> draft.add(context.otherRootCause ? Field.CONTRIBUTING_FACTORS : Field.ROOT_CAUSE,
                    section.heading(), NodeText.join(section.blocks()));
            case RESOLUTION -> text(draft, Field.RESOLUTION, section);
            case CONTRIBUTING_FACTORS -> text(draft, Field.CONTRIBUTING_FACTORS, section);
            case LESSONS, CLOSING -> text(draft, Field.LESSONS, section);
            case WENT_WELL, WENT_WRONG, LUCKY ->
                draft.add(Field.LESSONS, section.heading(), NodeText.join(section.blocks()));
            case TIMELINE -> events.addAll(ImportTimelineReader.read(context, i, section));
            case ACTIONS, IMPROVEMENTS, TASKS -> {
                ImportActionReader reader = ImportActionReader.read(context, i, section);
                actions.addAll(reader.actions);
                reader.closing.forEach(text -> draft.add(Field.LESSONS, null, text));
                if (!reader.fix.isEmpty() && !draft.has(Field.RESOLUTION)) {
                    reader.fix.forEach(text -> draft.add(Field.RESOLUTION, null, text));
                } else {
                    reader.fix.forEach(text -> context.keep(i, heading, text));
                }
            }
            case NOTES -> context.keep(i, null, NodeText.join(section.blocks()));
            case UNKNOWN -> unknown(i, section, entries, context, draft, events);
        }
    }

    /**
     * A section whose name Hindsight does not know: a timeline when its entries start with times ("What happened"),
     * summary entries when it has lines with known labels ("**Impact:** ..."), else kept as a note.
     */
    private static void unknown(int i, Section section, List<Entry> entries, ImportContext context, ImportDraft draft,
            List<Event> events) {
        String heading = section.headingSource();
        if (ImportTimelineReader.looksLikeTimeline(section, context)) {
            events.addAll(ImportTimelineReader.read(context, i, section));
        } else if (entries != null
                && entries.stream().anyMatch(e -> e.label() != null && ImportDraft.knows(e.label().key()))) {
            entries.stream().filter(e -> !draft.entry(e, false)).forEach(e -> context.keep(i, heading, e.asWritten()));
        } else {
            context.keep(i, section.blocks().isEmpty() ? null : heading,
                    section.blocks().isEmpty() ? heading : NodeText.join(section.blocks()));
        }
    }

    /** A section's Markdown into its field; a second part says which section it came from ("Five whys"). */
    private static void text(ImportDraft draft, Field field, Section section) {
        text(draft, field, section, false);
    }

    private static void text(ImportDraft draft, Field field, Section section, boolean named) {
        String body = NodeText.join(section.blocks());
        boolean second = (named && field == Field.CONTRIBUTING_FACTORS || draft.has(field)) && section.heading() != null;
        draft.add(field, second ? section.heading() : null, body);
    }

    private static ImportedPostmortem result(ImportOptions options, ImportContext context, ImportDraft draft,
            String headingTitle, List<Event> events, List<Action> actions) {
        String title = firstNonBlank(options.title(), headingTitle, draft.title);
        if (title == null) {
            context.warn("import.warning.noTitle");
        } else if (title.length() > MAX_TITLE) {
            title = NodeText.shortened(title, MAX_TITLE);
            context.warn("import.warning.titleShortened", MAX_TITLE);
        }
        Severity severity = options.severity() != null ? options.severity() : draft.severity;
        if (severity == null) {
            severity = Severity.SEV3;
            context.warn("import.warning.severityAssumed", severity);
        }
        Map<Field, String> text = new EnumMap<>(Field.class);
        draft.fields.forEach((field, parts) -> {
            String joined = String.join("\n\n", parts);
            String shorter = NodeText.shortened(joined, field.max);
            if (shorter != null) {
                context.warn("import.warning.fieldShortened",
                        field.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), field.max);
            }
            text.put(field, shorter != null ? shorter : joined);
        });
        String notes = context.notes();
        if (notes != null && notes.length() > MAX_NOTES) {
            notes = NodeText.shortened(notes, MAX_NOTES);
            context.warn("import.warning.fieldShortened", "notes", MAX_NOTES);
        }
        Map<SummaryTime, Instant> times = draft.times;
        if (context.zoneAssumed) {
            context.warn("import.warning.zoneAssumed");
        }
        return new ImportedPostmortem(title, severity, times, text.get(Field.IMPACT),
                draft.usersAffected, services(draft.services, context), text.get(Field.ROOT_CAUSE_SUMMARY),
                text.get(Field.ROOT_CAUSE), text.get(Field.RESOLUTION), text.get(Field.CONTRIBUTING_FACTORS),
                text.get(Field.LESSONS), notes, List.copyOf(events), List.copyOf(actions), context.keptSections(),
                List.copyOf(context.warnings), context.missingDate, context.zoneAssumed, Map.copyOf(draft.evidence));
    }

    private static List<String> services(List<String> names, ImportContext context) {
        Set<String> kept = new LinkedHashSet<>();
        for (String name : names) {
            if (name.length() > 80 || kept.size() >= 20) {
                context.warn("import.warning.serviceDropped", name);
            } else {
                kept.add(name);
            }
        }
        return List.copyOf(kept);
    }

    /** "Postmortem: Outage" is the incident "Outage". */
    private static String withoutPrefix(String heading) {
        String title = heading.replaceFirst("(?i)^(?:incident\\s+)?(?:post-?mortem|post mortem|incident report"
                + "|incident review|retrospective|rca)(?:\\s+report)?\\s*[:\u2013\u2014-]\\s*", "").strip();
        return title.isEmpty() ? heading.strip() : title;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
