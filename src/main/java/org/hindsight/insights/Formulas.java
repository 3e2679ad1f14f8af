package org.hindsight.insights;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How every figure is computed, in words: the API and the CSV give these, the page says the same from
 * messages.properties ({@code insights.formula.*}).
 */
final class Formulas {

    static final Map<String, String> ALL = all();

    private Formulas() {
    }

    private static Map<String, String> all() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("incidents", "Incidents that started from 'from' 00:00 to the end of 'to', in the viewer's time zone,"
                + " with the severity and the affected service asked for.");
        f.put("month", "The month an incident started in, in the viewer's time zone.");
        f.put("timeToDetect", "impact detected − started");
        f.put("timeToRespond", "response started − impact detected");
        f.put("timeToMitigate", "mitigated − started");
        f.put("timeToResolve", "resolved − started");
        f.put("deadEndSeconds", "Time lost to dead ends: for each dead-end event, the time from it to the next event"
                + " on the timeline, of any kind (deleted events do not count), summed per incident; a run of dead"
                + " ends counts from its first to the first event after it that is not a dead end, a dead end that is"
                + " the last event counts nothing yet.");
        f.put("medianSeconds", "The 50th percentile by nearest rank: of an even count, the lower middle value.");
        f.put("p90Seconds", "The 90th percentile by nearest rank: the value at rank ceil(0.9 × n) of the n values in"
                + " ascending order.");
        f.put("count", "Incidents in the figure: those not excluded that have both times it needs (an ongoing"
                + " incident counts for the times it has; every one not excluded counts for dead ends, 0 without).");
        f.put("excluded", "Incidents whose summary times are out of order (a time before one that must come first:"
                + " started, impact detected, response started, mitigated, resolved; mitigated and resolved also not"
                + " before impact detected) or missing (unset although the incident has ended, or a later time is"
                + " set): left out of every time figure, still counted in incidents and action items.");
        f.put("actionItems.opened", "Action items of the group's incidents, whatever their status.");
        f.put("actionItems.done", "Those done (won't-do items are not done).");
        f.put("actionItems.doneByDueDate", "Those done on or before their due date, by the date of their completion"
                + " in the viewer's time zone; a done item without a due date counts as done by it.");
        f.put("actionItems.overdue", "Those open or in progress whose due date is before today in the viewer's"
                + " time zone.");
        f.put("doneByDueDatePercent", "doneByDueDate ÷ done, in percent, rounded.");
        f.put("completionPercent", "done ÷ opened, in percent, rounded.");
        f.put("recurrence", "Services named by two or more of the incidents, most incidents first; doneShare: done ÷"
                + " opened of those incidents' action items.");
        return java.util.Collections.unmodifiableMap(f);
    }
}
