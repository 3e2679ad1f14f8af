package org.hindsight.postmortem.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hindsight.postmortem.imports.ImportTimes.Written;
import org.hindsight.postmortem.imports.ImportedPostmortem.Warning;

/**
 * The state of one parse that the section readers share: the zone and date that times without one take,
 * the day a timeline has reached (times that go backwards roll over to the next day), the warnings, and
 * the notes (text that fits no field, by section, under its heading as written).
 */
final class ImportContext {

    static final ZoneId UTC = ZoneId.of("UTC");

    final ImportOptions options;
    ZoneId declaredZone;
    LocalDate documentDate;
    private LocalDate frontMatterDate;
    /** Numeric dates are written day first in this document ({@link ImportTimes#dayFirst}). */
    boolean dayFirst;
    /** Hindsight's own format writes kinds out: no guessing dead ends from words. */
    boolean explicitKinds;
    /** Some timeline entry marks its key moments in Hindsight's own way: the others have none. */
    boolean explicitMoments;
    /** The document has a section named "Root cause" with text: "Fault" and "Five whys" lead up to it. */
    boolean namedRootCause;
    /** Some root-cause section ("Root cause", "Fault", "Five whys") has text: a Trigger section is beside it. */
    boolean otherRootCause;
    /** The document says the incident is still going on ("... to (ongoing)"): no end is inferred. */
    boolean ongoing;
    /** The first date with a year the summary's prose mentions: the last resort for undated times. */
    LocalDate proseDate;
    private boolean proseDateUsed;
    boolean missingDate;
    boolean zoneAssumed;
    final List<Warning> warnings = new ArrayList<>();
    private final Map<Integer, List<String>> notes = new LinkedHashMap<>();
    private final Map<Integer, String> noteHeadings = new LinkedHashMap<>();
    private LocalDate day;
    /** The day of the first dated timeline entry: the year of due dates written without one, when nothing else gives it. */
    private LocalDate firstDay;
    private LocalDateTime last;

    ImportContext(ImportOptions options) {
        this.options = options == null ? ImportOptions.none() : options;
    }

    void warn(String code, Object... args) {
        warnings.add(Warning.of(code, args));
    }

    /** Keeps text that fits no field, under its section's heading ({@code null}: no heading, e.g. Notes). */
    void keep(int section, String heading, String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return;
        }
        notes.computeIfAbsent(section, s -> new ArrayList<>()).add(markdown.strip());
        noteHeadings.putIfAbsent(section, heading);
    }

    /** The notes in document order: each section's heading as written, then its kept text. */
    String notes() {
        List<String> parts = new ArrayList<>();
        notes.forEach((section, texts) -> {
            String heading = noteHeadings.get(section);
            String body = String.join("\n\n", texts);
            parts.add(heading == null ? body : heading.strip() + "\n\n" + body);
        });
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }

    /** The headings under which something was kept, for the report ("(untitled)" for text without one). */
    List<String> keptSections() {
        return noteHeadings.values().stream().map(h -> h == null ? "" : NodeText.name(h.replaceAll(
                "^#+|\\n[=-]+$", ""))).toList();
    }

    /** The zone for a time written without one: the user's choice, the document's declared zone, else UTC. */
    ZoneId defaultZone() {
        if (options.zone() != null) {
            return options.zone();
        }
        if (declaredZone != null) {
            return declaredZone;
        }
        zoneAssumed = true;
        return UTC;
    }

    /** The date a document's front matter declares: the day of its times when nothing nearer names one. */
    void frontMatterDate(LocalDate date) {
        this.frontMatterDate = date;
    }

    /** Whether the user, a line of the document or its front matter gives the incident's date. */
    boolean knowsDate() {
        return options.date() != null || documentDate != null || frontMatterDate != null;
    }

    /**
     * The day for times written without a date: the user's choice, else the document's own, else its front
     * matter's, else the first the summary's prose mentions (a guess, said once in a warning).
     */
    LocalDate defaultDate() {
        if (knowsDate()) {
            return referenceDate();
        }
        if (proseDate != null && !proseDateUsed) {
            proseDateUsed = true;
            warn("import.warning.dateFromProse", proseDate);
        }
        return proseDate;
    }

    /** The date and time at the start of {@code text}, in this document's zone and date order. */
    Written leading(String text) {
        return ImportTimes.leading(text, declaredZone, dayFirst);
    }

    /** A date alone, in this document's date order; the year of the document's date when none is written. */
    LocalDate date(String text) {
        return ImportTimes.date(text, defaultYear(), dayFirst);
    }

    /**
     * An action item's due date; one written without its year ("by Jan 31") is the next such day on or after the
     * incident's date.
     */
    LocalDate dueDate(String text) {
        LocalDate date = date(text);
        if (date == null) {
            return null;
        }
        boolean yearWritten = date.equals(ImportTimes.date(text, date.getYear() + 1, dayFirst));
        LocalDate reference = referenceDate() != null ? referenceDate() : firstDay;
        if (yearWritten) {
            return date;
        }
        if (reference == null) {
            return null; // no year and no date of the incident to take it from: reported, kept in the details
        }
        LocalDate inYear = date.withYear(reference.getYear());
        return inYear.isBefore(reference) ? inYear.plusYears(1) : inYear;
    }

    /** The instant of a summary time (no roll-over); null when its date is unknown. */
    Instant instant(Written written) {
        LocalDate date = dateOf(written);
        if (date == null) {
            missingDate = true;
            return null;
        }
        return written.time().atDate(date).atZone(written.zone() != null ? written.zone() : defaultZone())
                .toInstant();
    }

    /** The instant of the next timeline entry: undated times follow the day reached, rolling over at midnight. */
    Instant timelineInstant(Written written) {
        LocalDate date = dateOf(written);
        if (written.date() == null && day != null) {
            date = day;
            if (last != null && written.time().isBefore(last.toLocalTime())) {
                date = date.plusDays(1); // went backwards: past midnight
            }
        }
        if (date == null) {
            missingDate = true;
            return null;
        }
        day = date;
        if (firstDay == null) {
            firstDay = date;
        }
        last = written.time().atDate(date);
        return last.atZone(written.zone() != null ? written.zone() : defaultZone()).toInstant();
    }

    /** A new timeline (or a dated sub-heading) starts again from this day. */
    void startDay(LocalDate date) {
        day = date;
        last = null;
    }

    private LocalDate dateOf(Written written) {
        if (written.date() == null) {
            return defaultDate();
        }
        if (written.yearGiven()) {
            return written.date();
        }
        LocalDate reference = defaultDate();
        if (reference == null) {
            return null;
        }
        return written.date().withYear(reference.getYear());
    }

    /** The incident's date from any source, without the prose date's warning: for years and due dates. */
    private LocalDate referenceDate() {
        return options.date() != null ? options.date() : documentDate != null ? documentDate
                : frontMatterDate != null ? frontMatterDate : proseDate;
    }

    int defaultYear() {
        LocalDate reference = referenceDate();
        return reference == null ? 2000 : reference.getYear();
    }
}
