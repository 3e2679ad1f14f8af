package org.hindsight.incident;

import java.util.List;
import java.util.function.Supplier;

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

    /**
     * Runs {@code read}, a read that uses one of these conditions, as a search runs: when it is its turn among the
     * searches running (at most a few at once, so that they never hold all of the pool's connections), in a read-only
     * transaction with the search's time limit. Call it outside any transaction: waiting for the turn holds no
     * connection. A {@link org.springframework.dao.QueryTimeoutException} (503 busy, saying why) when the turn did not
     * come in time or the read ran out of time.
     */
    <T> T limited(Supplier<T> read);

    /** A SQL condition with its placeholders' values; see {@link #condition(String)}. */
    record Condition(String sql, List<Object> arguments) {

        public Condition {
            arguments = List.copyOf(arguments);
        }
    }
}
