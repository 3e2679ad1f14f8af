package org.hindsight.postmortem.imports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.postmortem.imports.ImportSections.Section;
import org.hindsight.postmortem.imports.ImportTimes.Written;
import org.hindsight.postmortem.imports.ImportedPostmortem.Event;
import org.hindsight.postmortem.imports.NodeText.Block;
import org.hindsight.timeline.EventKind;

import com.vladsch.flexmark.ast.Paragraph;

/**
 * Status page updates copied into a postmortem: {@code **Resolved** - text} over {@code Posted Jul 10, 2019 -
 * 23:05 UTC}, newest first as status pages list them. Each is a timeline entry at the time it was posted, its
 * status word kept in front of its text. They mark no key moment: a post's time is when people were told, not
 * when things happened, so the summary times come from what the document says elsewhere.
 */
final class ImportStatusUpdates {

    private static final Pattern UPDATE = Pattern.compile("(?s)^(?:\\*\\*|__)([A-Za-z]+(?: [a-z]+)?)(?:\\*\\*|__)"
            + "\\s*+[-\u2013\u2014:]\\s*+(\\S.*?)\\n[ \\t]*+(?:(?:Posted|Updated)\\s++(?:on\\s++|at\\s++)?)?(\\S[^\\n]*)$");
    private static final Set<String> STATUSES = Set.of("resolved", "monitoring", "identified", "investigating",
            "update", "updated", "completed", "verifying", "in progress", "scheduled", "mitigated", "postmortem");

    private ImportStatusUpdates() {
    }

    /** The sections without their status updates; the updates, oldest first, go to {@code events}. */
    static List<Section> extract(List<Section> sections, ImportContext context, List<Event> events) {
        List<Section> kept = new ArrayList<>(sections.size());
        List<Event> found = new ArrayList<>();
        for (Section section : sections) {
            if (section.kind() != ImportSectionKind.TITLE && section.kind() != ImportSectionKind.SUMMARY
                    && section.kind() != ImportSectionKind.UNKNOWN && section.kind() != ImportSectionKind.TIMELINE) {
                kept.add(section);
                continue;
            }
            List<Block> blocks = new ArrayList<>();
            for (Block block : section.blocks()) {
                Event update = block.node() instanceof Paragraph ? update(block.text(), context) : null;
                if (update == null) {
                    blocks.add(block);
                } else {
                    found.add(update);
                }
            }
            kept.add(blocks.size() == section.blocks().size() ? section
                    : new Section(section.kind(), section.heading(), section.headingSource(), section.level(), blocks));
        }
        found.sort(Comparator.comparing(Event::at));
        events.addAll(found);
        return kept;
    }

    private static Event update(String text, ImportContext context) {
        Matcher m = UPDATE.matcher(text.strip());
        if (!m.matches() || !STATUSES.contains(m.group(1).toLowerCase(Locale.ROOT))) {
            return null;
        }
        Written posted = context.leading(m.group(3).strip());
        if (posted == null || !m.group(3).strip().substring(posted.end()).isBlank()) {
            return null;
        }
        Instant at = context.instant(posted);
        if (at == null) {
            return null;
        }
        String body = NodeText.LINE_BREAK.matcher(m.group(2).strip()).replaceAll(" ");
        return new Event(m.group(3).strip(), at, m.group(1) + ": " + body, EventKind.NOTE, Set.of());
    }
}
