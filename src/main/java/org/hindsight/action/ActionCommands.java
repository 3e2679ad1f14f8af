package org.hindsight.action;

import java.time.LocalDate;

/** What callers ask the {@link ActionItemService} to do, already parsed. */
public final class ActionCommands {

    private ActionCommands() {
    }

    /** A new item or the full editable state of one; {@code version} matters only for changes. */
    public record ActionFields(String title, String details, ActionType type, ActionCategory category, String owner,
            LocalDate dueDate, ActionPriority priority, ActionStatus status, String wontDoReason, String trackerUrl,
            long version) {
    }
}
