package org.hindsight.insights;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import org.hindsight.insights.Insights.Group;
import org.hindsight.insights.Insights.Report;
import org.hindsight.system.CsvWriter;

/**
 * Insights as CSV: a header row, then one row per group (month, severity or service), with the figures of the page's
 * table; durations in seconds, an empty cell where a figure has no value. The formulas are those of the page and
 * of {@code formulas} in the API.
 */
final class InsightsCsv {

    static final List<String> HEADER = header();

    private InsightsCsv() {
    }

    private static List<String> header() {
        List<String> header = new ArrayList<>(List.of("Group", "Incidents"));
        for (String figure : List.of("Time to detect", "Time to respond", "Time to mitigate", "Time to resolve",
                "Time lost to dead ends")) {
            header.add(figure + ", median (s)");
            header.add(figure + ", p90 (s)");
            header.add(figure + ", incidents counted");
        }
        header.addAll(List.of("Action items opened", "Action items done", "Done by due date",
                "Done by due date (%)", "Overdue"));
        return List.copyOf(header);
    }

    static void write(Report report, Writer out) {
        CsvWriter csv = new CsvWriter(out);
        csv.row(HEADER);
        for (Group g : report.groups()) {
            List<String> row = new ArrayList<>(HEADER.size());
            row.add(g.key());
            row.add(Long.toString(g.incidents()));
            for (Stat stat : List.of(g.timeToDetect(), g.timeToRespond(), g.timeToMitigate(), g.timeToResolve(),
                    g.deadEndSeconds())) {
                row.add(text(stat.medianSeconds()));
                row.add(text(stat.p90Seconds()));
                row.add(Integer.toString(stat.count()));
            }
            ItemCounts items = g.actionItems();
            row.add(Long.toString(items.opened()));
            row.add(Long.toString(items.done()));
            row.add(Long.toString(items.doneByDueDate()));
            row.add(text(items.doneByDueDatePercent()));
            row.add(Long.toString(items.overdue()));
            csv.row(row);
        }
    }

    private static String text(Number value) {
        return value == null ? null : value.toString();
    }
}
