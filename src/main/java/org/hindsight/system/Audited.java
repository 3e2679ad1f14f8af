package org.hindsight.system;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A change to a record, published by the module that made it inside the transaction that made it; the audit trail
 * records it there, so a change that rolls back (or is refused) leaves no entry. {@code type} names the record
 * ("incident", "timeline event", "action item"), {@code id} identifies it, {@code incidentId} places it in an
 * incident's history (null for records of no incident), {@code action} says what happened, and each change names a
 * field with its old and new value as text (long text cut at {@value #MAX_VALUE} characters, marked "…").
 */
public record Audited(String type, String id, Long incidentId, String action, List<Change> changes) {

    public static final int MAX_VALUE = 2000;
    public static final String CREATED = "CREATED";
    public static final String CHANGED = "CHANGED";
    public static final String DELETED = "DELETED";
    public static final String RESTORED = "RESTORED";

    /**
     * One field's change; {@code from} is null for a new record, {@code to} null for a cleared field. When either
     * value is longer than {@value #MAX_VALUE} characters, both are cut and {@code diff} holds the whole change as a
     * unified line diff (from the full texts), so nothing is lost; otherwise it is null.
     */
    public record Change(String field, String from, String to, String diff) {

        public Change(String field, String from, String to) {
            this(field, from, to, null);
        }

        /** The change between two values, as the trail keeps it. */
        public static Change of(String field, Object from, Object to) {
            String before = full(from);
            String after = full(to);
            boolean longText = before != null && before.length() > MAX_VALUE
                    || after != null && after.length() > MAX_VALUE;
            return new Change(field, cut(before), cut(after), longText ? LineDiff.unified(before, after) : null);
        }
    }

    public Audited {
        changes = List.copyOf(changes);
    }

    /** A new record, with the values it was created with (empty ones left out). */
    public static Audited created(String type, String id, Long incidentId, Map<String, ?> fields) {
        List<Change> changes = new ArrayList<>();
        fields.forEach((field, value) -> {
            if (full(value) != null) {
                changes.add(Change.of(field, null, value));
            }
        });
        return new Audited(type, id, incidentId, CREATED, changes);
    }

    /** The fields whose values differ between {@code before} and {@code after} (same keys, in their order). */
    public static Audited changed(String type, String id, Long incidentId, Map<String, ?> before,
            Map<String, ?> after) {
        List<Change> changes = new ArrayList<>();
        after.forEach((field, value) -> {
            // the full texts: two long ones may differ only past the cut
            if (!Objects.equals(full(before.get(field)), full(value))) {
                changes.add(Change.of(field, before.get(field), value));
            }
        });
        return new Audited(type, id, incidentId, CHANGED, changes);
    }

    /** One field's change. */
    public static Audited changed(String type, String id, Long incidentId, String field, Object from, Object to) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put(field, from);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put(field, to);
        return changed(type, id, incidentId, before, after);
    }

    /** Something that happened to a record as a whole (deleted, restored, signed in). */
    public static Audited happened(String type, String id, Long incidentId, String action) {
        return new Audited(type, id, incidentId, action, List.of());
    }

    /** A change that changed nothing is not recorded. */
    public boolean isEmpty() {
        return CHANGED.equals(action) && changes.isEmpty();
    }

    /** A value as the trail shows it: instants in ISO-8601 UTC, collections joined, long text cut. */
    public static String text(Object value) {
        return cut(full(value));
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE - 1) + "\u2026";
    }

    /** A value as text, whole: instants in ISO-8601 UTC, collections joined and sorted; blank is null. */
    private static String full(Object value) {
        if (value == null) {
            return null;
        }
        String text;
        if (value instanceof Instant instant) {
            text = instant.toString();
        } else if (value instanceof Collection<?> items) {
            text = items.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
        } else if (value instanceof Enum<?> constant) {
            text = constant.name();
        } else {
            text = String.valueOf(value);
        }
        return text.isBlank() ? null : text;
    }
}
