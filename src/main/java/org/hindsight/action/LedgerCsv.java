package org.hindsight.action;

import java.io.Writer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.hindsight.system.CsvWriter;
import org.springframework.stereotype.Component;

/** The ledger's current view as CSV: a header row, then one row per item, streamed as it is read. */
@Component
class LedgerCsv {

    static final List<String> HEADER = List.of("Incident", "Incident title", "Severity", "Action item", "Type",
            "List", "Owner", "Owner name", "Due date", "Days overdue", "Priority", "Status", "Created", "Age (days)",
            "Completed");

    private final LedgerQueries queries;

    LedgerCsv(LedgerQueries queries) {
        this.queries = queries;
    }

    void write(LedgerFilter filter, LocalDate today, ZoneId zone, Writer out) {
        CsvWriter csv = new CsvWriter(out);
        csv.row(HEADER);
        DateTimeFormatter stamp = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        queries.forEach(filter, today, zone, r -> {
            List<String> row = new ArrayList<>(HEADER.size());
            row.add(r.incidentKey());
            row.add(r.incidentTitle());
            row.add(r.severity().name());
            row.add(r.title());
            row.add(r.type().name());
            row.add(r.category().name());
            row.add(r.owner());
            row.add(r.ownerName());
            row.add(r.dueDate() == null ? null : r.dueDate().toString());
            row.add(r.overdue(today) ? Long.toString(-r.dueInDays(today)) : null);
            row.add(r.priority().name());
            row.add(r.status().name());
            row.add(stamp.format(r.createdAt().atZone(zone).toOffsetDateTime()));
            row.add(Long.toString(r.ageDays(today, zone)));
            row.add(r.completedAt() == null ? null : stamp.format(r.completedAt().atZone(zone).toOffsetDateTime()));
            csv.row(row);
        });
    }
}
