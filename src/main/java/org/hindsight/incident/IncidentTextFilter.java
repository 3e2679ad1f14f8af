package org.hindsight.incident;

import java.util.List;

/**
 * Which incidents a text matches: the list's {@code q} filter is the search's matching. Implemented by the search
 * module, which owns the text index (the incident's own text, its timeline events and action items); the list only
 * adds the condition to its query, so paging, order and the other filters stay its own.
 */
public interface IncidentTextFilter {

    /**
     * The incidents {@code text} matches, as a SQL condition on an incident's id: {@code sql} holds a {@code ?} for
     * the id first, then one for each of {@code arguments}, in order. A text with nothing to find (blank, or only
     * words left out) gives a condition no incident meets.
     */
    Condition condition(String text);

    /** A SQL condition with its placeholders' values; see {@link #condition(String)}. */
    record Condition(String sql, List<Object> arguments) {

        public Condition {
            arguments = List.copyOf(arguments);
        }
    }
}
