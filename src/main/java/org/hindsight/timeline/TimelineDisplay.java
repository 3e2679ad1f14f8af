package org.hindsight.timeline;

import java.util.ArrayList;
import java.util.List;

import org.hindsight.system.Times;
import org.hindsight.timeline.TimelineViews.TimelineRow;
import org.springframework.stereotype.Component;

/**
 * Timeline rows as the viewer's page shows them: times in the viewer's zone, the day heading where the date
 * changes, the row's classes. Worked out here once per row, so that the template only reads values: a
 * 100-event page evaluated each of these as several bean calls per row.
 */
@Component
class TimelineDisplay {

    private final Times times;

    TimelineDisplay(Times times) {
        this.times = times;
    }

    /**
     * One row on the page. {@code day} is the viewer-zone date (timeline.js compares it when it inserts rows);
     * {@code classes} carries {@code same-day} on every row but the first of its day, whose {@code dayHeading} shows.
     */
    public record ShownRow(TimelineRow row, String domId, String iso, String day, String dayHeading, String time,
            String classes, String kindClass, String kindKey, List<String> momentKeys) {
    }

    /** Rows in time order; a day heading on the first and wherever the date changes. */
    List<ShownRow> rows(List<TimelineRow> rows) {
        List<ShownRow> shown = new ArrayList<>(rows.size());
        String previousDay = null;
        for (TimelineRow row : rows) {
            String day = times.date(row.at());
            shown.add(shown(row, day, !day.equals(previousDay)));
            previousDay = day;
        }
        return shown;
    }

    /** A row on its own (a posted or changed event): with its day heading. */
    ShownRow row(TimelineRow row) {
        return shown(row, times.date(row.at()), true);
    }

    private ShownRow shown(TimelineRow row, String day, boolean newDay) {
        StringBuilder classes = new StringBuilder("event");
        if (row.deleted()) {
            classes.append(" deleted");
        }
        if (row.isDeadEnd()) {
            classes.append(" dead-end");
        }
        if (!row.keyMoments().isEmpty()) {
            classes.append(" key-moment");
        }
        if (!newDay) {
            classes.append(" same-day");
        }
        List<String> moments = row.keyMoments().stream().sorted().map(m -> "moment." + m.name()).toList();
        return new ShownRow(row, "event-" + row.id(), times.iso(row.at()), day, times.day(row.at()),
                times.time(row.at()), classes.toString(),
                "badge kind kind-" + row.kind().name().toLowerCase(java.util.Locale.ROOT), "kind." + row.kind().name(),
                moments);
    }
}
