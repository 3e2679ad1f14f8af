package org.hindsight.audit;

import java.time.Instant;
import java.util.List;

/** What the history pages and the API show of the audit trail. */
public final class AuditViews {

    private AuditViews() {
    }

    /** One entry: {@code type} and {@code id} name the record; {@code field} is null for an event of the record. */
    public record AuditView(Instant at, String actor, String channel, String type, String id, String action,
            String field, String from, String to) {
    }

    /** A page of entries, newest first. */
    public record AuditPage(List<AuditView> items, int page, int size, long total) {

        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }
    }
}
