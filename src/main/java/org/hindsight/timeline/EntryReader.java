package org.hindsight.timeline;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.hindsight.system.Times;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.validation.Errors;

/**
 * The timeline form as a whole: the main field's one-line grammar ({@link EntryLine}) together with the form's
 * own "when", kind and key-moment controls. The line wins where both say something: its kind marker replaces the
 * chosen kind, its key moments add to the chosen one, and its leading time is read only when "when" is empty.
 * Used for logging and for the preview shown while typing, so the two never disagree.
 */
@Component
class EntryReader {

    /** What will be logged. */
    record ReadEntry(String text, TimeInput.ParsedTime time, EventKind kind, Set<KeyMoment> moments) {
    }

    private final Clock clock;
    private final Times times;
    private final MessageSource messages;

    EntryReader(Clock clock, Times times, MessageSource messages) {
        this.clock = clock;
        this.times = times;
        this.messages = messages;
    }

    /**
     * The entry read in {@code zone}; problems go into {@code errors} (field {@code text} or {@code at}), then null.
     * Key-moment markers from one who may not set key moments are refused at the text, where they were typed.
     */
    ReadEntry read(TimelineForms.Entry entry, ZoneId zone, boolean mayMarkKeyMoments, Errors errors) {
        boolean atGiven = entry.at() != null && !entry.at().isBlank();
        EntryLine.Reading line = EntryLine.read(entry.text(), !atGiven);
        TimeInput.ParsedTime time = null;
        String timeField = atGiven ? "at" : "text";
        if (!errors.hasFieldErrors("at")) {
            try {
                time = TimeInput.parse(atGiven ? entry.at() : line.time(), zone, clock.instant());
            } catch (TimeInputException e) {
                errors.rejectValue(timeField, e.getMessageCode(), new Object[] {e.getInput()}, null);
            }
        }
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        kinds.addAll(line.kinds());
        if (!mayMarkKeyMoments && !line.moments().isEmpty()) {
            errors.rejectValue("text", "timeline.keyMoments.joinFirst");
        }
        if (kinds.size() > 1) {
            errors.rejectValue("text", "timeline.line.twoKinds", new Object[] {kindNames(kinds)}, null);
        }
        if (line.text().isBlank() && entry.text() != null && !entry.text().isBlank()
                && !errors.hasFieldErrors("text")) {
            errors.rejectValue("text", "timeline.line.markersOnly");
        }
        if (errors.hasErrors()) {
            return null;
        }
        EventKind kind = kinds.isEmpty() ? (entry.kind() == null ? EventKind.NOTE : entry.kind())
                : kinds.iterator().next();
        Set<KeyMoment> moments = new LinkedHashSet<>(entry.keyMoments());
        moments.addAll(line.moments());
        return new ReadEntry(line.text(), time, kind, Set.copyOf(moments));
    }

    /** "At 2024-05-12 09:30 CEST (today) · Dead end · marks Mitigated": how the entry will be logged. */
    String describe(ReadEntry entry) {
        List<String> parts = new ArrayList<>();
        parts.add(entry.time().interpretation() == TimeInput.Interpretation.NOW ? message("timeline.preview.now")
                : message("timeline.preview.at", understood(entry.time())));
        parts.add(message("kind." + entry.kind().name()));
        entry.moments().stream().sorted()
                .forEach(m -> parts.add(message("timeline.preview.marks", message("moment." + m.name()))));
        return String.join(" · ", parts);
    }

    /** "2024-05-12 09:30 CEST (today)": how a typed time was read. */
    String understood(TimeInput.ParsedTime time) {
        String label = message("time.interpretation." + time.interpretation());
        return times.dateTime(time.instant()) + " (" + label + ")";
    }

    private String kindNames(Set<EventKind> kinds) {
        return String.join(", ", kinds.stream().map(k -> message("kind." + k.name())).toList());
    }

    private String message(String code, Object... args) {
        return messages.getMessage(code, args, code, LocaleContextHolder.getLocale());
    }
}
