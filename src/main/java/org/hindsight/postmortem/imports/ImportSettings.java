package org.hindsight.postmortem.imports;

import java.time.LocalDate;
import java.util.List;

import org.hindsight.postmortem.imports.ImportSections.Section;
import org.hindsight.postmortem.imports.NodeText.Block;

import com.vladsch.flexmark.ast.Paragraph;

/**
 * The zone and day a document gives its times in prose, read before any time: a sentence anywhere that declares
 * the zone ("All times below are in Pacific Standard Time", "Times are UTC on 2021-06-08"), and, when no line
 * names the incident's date, the first date with a year that the text before the timeline mentions ("On the
 * morning of February 28, 2017, ..."), which the preview then reports as a guess.
 */
final class ImportSettings {

    /** Read no further for the prose date: it is the text around the summary that names the day. */
    private static final int PROSE_REACH = 20_000;

    private ImportSettings() {
    }

    static void fromProse(List<Section> sections, ImportContext context) {
        if (context.declaredZone == null && context.options.zone() == null) {
            declaredZone(sections, context);
        }
        if (!context.knowsDate()) {
            context.proseDate = proseDate(sections, context);
        }
    }

    private static void declaredZone(List<Section> sections, ImportContext context) {
        for (Section section : sections) {
            String inHeading = section.heading() == null ? null
                    : ImportTimelineReader.firstParenthesised(section.heading());
            if (inHeading != null && section.kind() == ImportSectionKind.TIMELINE) { // "## Timeline (UTC)"
                java.time.ZoneId zone = ImportTimes.zone(inHeading, null, null);
                ImportZonePhrase.Declared declared = zone != null ? null : ImportZonePhrase.find(inHeading, context);
                if (zone != null || declared != null) {
                    context.declaredZone = zone != null ? zone : declared.zone();
                    return;
                }
            }
            for (Block block : section.blocks()) {
                if (block.node() == null || block.node() instanceof Paragraph) {
                    ImportZonePhrase.Declared declared = ImportZonePhrase.find(block.text(), context);
                    if (declared != null) {
                        context.declaredZone = declared.zone();
                        if (declared.date() != null && context.documentDate == null) {
                            context.documentDate = declared.date();
                        }
                        return;
                    }
                }
            }
        }
    }

    private static LocalDate proseDate(List<Section> sections, ImportContext context) {
        int read = 0;
        for (Section section : sections) {
            if (section.kind() == ImportSectionKind.TIMELINE || section.kind().isActions() || read > PROSE_REACH) {
                break;
            }
            String text = (section.heading() == null ? "" : section.heading() + "\n")
                    + NodeText.plain(NodeText.join(section.blocks()));
            LocalDate date = ImportTimes.firstDate(text.substring(0, Math.min(text.length(), PROSE_REACH)),
                    context.dayFirst);
            if (date != null) {
                return date;
            }
            read += text.length();
        }
        return null;
    }
}
