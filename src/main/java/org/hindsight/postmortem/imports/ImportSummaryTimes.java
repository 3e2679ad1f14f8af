package org.hindsight.postmortem.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.hindsight.incident.SummaryTime;
import org.hindsight.postmortem.imports.ImportSentenceTimes.Stated;
import org.hindsight.postmortem.imports.ImportedPostmortem.Event;
import org.hindsight.postmortem.imports.ImportedPostmortem.Evidence;
import org.hindsight.timeline.KeyMoment;

/**
 * Settles the incident's summary times from the best evidence the document holds, and records which it was:
 * <ol>
 * <li>a labelled line ("End:", "Duration: ... to ...", a key/value table row), read with the summary;</li>
 * <li>a timeline entry marked with the key moment ({@code *(key moment: end)*}, "OUTAGE ENDS", "Incident start:");</li>
 * <li>a sentence of the prose ("mitigated at 12:35 UTC"): a guess;</li>
 * <li>for the start, the first timeline entry; for the end, the start plus a Duration's length, else the
 * mitigation time, else the last timeline entry: guesses, the end made only when the document neither marks its key
 * moments itself nor says it is ongoing. Status page updates are left out of these: they were posted later.</li>
 * </ol>
 * A time before the start (or a resolution before the mitigation) is dropped with a warning.
 */
final class ImportSummaryTimes {

    private ImportSummaryTimes() {
    }

    static void settle(ImportDraft draft, List<Event> events, List<Event> updates, List<Stated> stated,
            ImportContext context) {
        for (Event event : events) {
            for (KeyMoment moment : event.keyMoments()) {
                if (event.at() != null) {
                    draft.put(moment.summaryTime(), event.at(), Evidence.of("import.evidence.keyMoment",
                            event.timeText(), moment.name().replace('_', ' ').toLowerCase(Locale.ROOT)));
                }
            }
        }
        // status updates say when people were told, not when things happened: no first or last entry among them
        Set<Event> posted = Collections.newSetFromMap(new IdentityHashMap<>());
        posted.addAll(updates);
        List<Event> timed = events.stream().filter(e -> e.at() != null && !posted.contains(e))
                .sorted(Comparator.comparing(Event::at)).toList();
        Instant first = timed.isEmpty() ? null : timed.get(0).at();
        boolean inferEnd = !context.explicitMoments && !context.ongoing;
        if (!context.explicitKinds && !context.explicitMoments) { // Hindsight's own format states its times
            sentences(draft, stated, first, inferEnd, context);
        }
        if (first != null) {
            draft.put(SummaryTime.STARTED, first, Evidence.guessed("import.evidence.firstEntry",
                    timed.get(0).timeText()));
        }
        Instant start = draft.times.get(SummaryTime.STARTED);
        if (draft.length != null && start != null) {
            draft.put(SummaryTime.RESOLVED, start.plus(draft.length), Evidence.of("import.evidence.length",
                    draft.lengthLabel));
        }
        Instant mitigated = draft.times.get(SummaryTime.MITIGATED);
        if (inferEnd && mitigated != null) {
            draft.put(SummaryTime.RESOLVED, mitigated, Evidence.guessed("import.evidence.mitigated"));
        } else if (inferEnd && timed.size() > 1) {
            Event last = timed.get(timed.size() - 1);
            draft.put(SummaryTime.RESOLVED, last.at(), Evidence.guessed("import.evidence.lastEntry", last.timeText()));
        }
        inOrder(draft, context);
    }

    /**
     * Summary times stated in sentences: the earliest start and the latest end they mention (an incident in two
     * windows, "from 16:35 to 17:02 and then from 21:14 to 22:47", ran from the first start to the last end), the
     * first of any other time. A start stated so ("From 1:51 p.m. ET until 9:18 p.m. ET, requests failed") wins over
     * the first timeline entry, which is often the change that led to it; an end counts only when one may be
     * inferred at all.
     */
    private static void sentences(ImportDraft draft, List<Stated> stated, Instant first, boolean inferEnd,
            ImportContext context) {
        Map<SummaryTime, Instant> best = new EnumMap<>(SummaryTime.class);
        Map<SummaryTime, Stated> from = new EnumMap<>(SummaryTime.class);
        for (Stated sentence : stated) {
            SummaryTime which = sentence.which();
            Instant at = instant(sentence, draft.times.getOrDefault(SummaryTime.STARTED, first), context);
            if (at == null || which == SummaryTime.RESOLVED && !inferEnd) {
                continue;
            }
            Instant held = best.get(which);
            if (held == null || which == SummaryTime.STARTED && at.isBefore(held)
                    || which == SummaryTime.RESOLVED && at.isAfter(held)) {
                best.put(which, at);
                from.put(which, sentence);
            }
        }
        best.forEach((which, at) -> draft.put(which, at,
                Evidence.guessed("import.evidence.sentence", from.get(which).sentence())));
    }

    /**
     * A sentence's time: its own date, else the document's day, else the day the incident started (the next day
     * when the time lies before the start: "recovered at 00:40" after an evening start).
     */
    private static Instant instant(Stated sentence, Instant start, ImportContext context) {
        ImportTimes.Written written = sentence.written();
        ZoneId zone = written.zone() != null ? written.zone() : context.defaultZone();
        LocalDate base = context.knowsDate() || context.proseDate != null ? context.defaultDate()
                : start == null ? null : start.atZone(zone).toLocalDate();
        if (written.date() != null && written.yearGiven()) {
            base = written.date();
        } else if (base != null && written.date() != null) {
            base = written.date().withYear(base.getYear());
        }
        if (base == null) {
            return null;
        }
        Instant at = written.time().atDate(base).atZone(zone).toInstant();
        if (written.date() == null && start != null && at.isBefore(start) && sentence.which() != SummaryTime.STARTED) {
            at = at.plus(1, ChronoUnit.DAYS);
        }
        return at;
    }

    private static void inOrder(ImportDraft draft, ImportContext context) {
        Instant start = draft.times.get(SummaryTime.STARTED);
        for (SummaryTime time : SummaryTime.values()) {
            Instant value = draft.times.get(time);
            if (time != SummaryTime.STARTED && start != null && value != null && value.isBefore(start)) {
                drop(draft, time, context);
            }
        }
        Instant mitigated = draft.times.get(SummaryTime.MITIGATED);
        Instant resolved = draft.times.get(SummaryTime.RESOLVED);
        if (mitigated != null && resolved != null && resolved.isBefore(mitigated)) {
            drop(draft, SummaryTime.RESOLVED, context);
        }
        draft.evidence.keySet().removeIf(time -> !draft.times.containsKey(time));
    }

    private static void drop(ImportDraft draft, SummaryTime time, ImportContext context) {
        draft.times.remove(time);
        context.warn("import.warning.timeBeforeStart", time.field());
    }
}
