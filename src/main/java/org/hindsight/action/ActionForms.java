package org.hindsight.action;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.hindsight.action.ActionCommands.ActionFields;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;

/** The action item form, on the incident page (new) and on its own page (edit). */
final class ActionForms {

    private ActionForms() {
    }

    record Item(
            @NotBlank @Size(max = 300) String title,
            @Size(max = 20000) String details,
            @NotNull ActionType type,
            @NotNull ActionCategory category,
            @Size(max = 64) String owner,
            @DateTimeFormat(iso = ISO.DATE) LocalDate dueDate,
            @NotNull ActionPriority priority,
            @NotNull ActionStatus status,
            @Size(max = 2000) String wontDoReason,
            @Size(max = 2000) String trackerUrl,
            long version) {

        static Item empty() {
            return new Item("", "", ActionType.CORRECTIVE, ActionCategory.TASK, "", null, ActionPriority.MEDIUM,
                    ActionStatus.OPEN, "", "", 0);
        }

        static Item of(ActionViews.ActionItemView a) {
            return new Item(a.title(), a.details(), a.type(), a.category(), a.owner(), a.dueDate(), a.priority(),
                    a.status(), a.wontDoReason(), a.trackerUrl(), a.version());
        }

        ActionFields fields() {
            return new ActionFields(title, details, type, category, owner, dueDate, priority, status, wontDoReason,
                    trackerUrl, version);
        }

        Item withVersion(long newVersion) {
            return new Item(title, details, type, category, owner, dueDate, priority, status, wontDoReason, trackerUrl,
                    newVersion);
        }
    }

    /** Moving an item along from a button: done, in progress, reopen; won't do with its reason. */
    record StatusChange(@NotNull ActionStatus status, @Size(max = 2000) String reason, Long version) {
    }
}
