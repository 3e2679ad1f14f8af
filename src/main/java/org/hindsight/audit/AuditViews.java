package org.hindsight.audit;

import java.time.Instant;
import java.util.List;

/** What the history pages and the API show of the audit trail. */
public final class AuditViews {

    private AuditViews() {
    }

    /**
     * One entry: {@code type} and {@code id} name the record; {@code field} is null for an event of the record;
     * {@code diff} is a long text's whole change as a unified line diff ({@code from} and {@code to} are then cut).
     */
    public record AuditView(Instant at, String actor, String channel, String type, String id, String action,
            String field, String from, String to, String diff) {

        /** The diff's lines, each with how it is marked: "added", "removed", "hunk" or "same". */
        public java.util.List<DiffLine> diffLines() {
            if (diff == null) {
                return java.util.List.of();
            }
            return java.util.Arrays.stream(diff.split("\n", -1)).map(DiffLine::of).toList();
        }
    }

    /** One line of a long text's diff. */
    public record DiffLine(String kind, String text) {

        static DiffLine of(String line) {
            if (line.startsWith("@@")) {
                return new DiffLine("hunk", line);
            }
            String kind = line.startsWith("+") ? "added" : line.startsWith("-") ? "removed" : "same";
            return new DiffLine(kind, line.isEmpty() ? line : line.substring(1));
        }
    }

    /** A page of entries, newest first. */
    public record AuditPage(List<AuditView> items, int page, int size, long total) {

        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }
    }
}
