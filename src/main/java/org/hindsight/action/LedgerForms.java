package org.hindsight.action;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.constraints.Size;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;

/** The ledger's bulk form: the items ticked ({@code id:version}) and one change for all of them. */
final class LedgerForms {

    private LedgerForms() {
    }

    record Bulk(List<String> selected, String op, @Size(max = 64) String newOwner,
            @DateTimeFormat(iso = ISO.DATE) LocalDate newDueDate, ActionStatus newStatus,
            @Size(max = 2000) String reason) {

        static Bulk empty() {
            return new Bulk(List.of(), null, "", null, null, "");
        }

        List<BulkActions.Selected> items() {
            return selected == null ? List.of()
                    : selected.stream().map(BulkActions.Selected::parse).filter(Objects::nonNull).toList();
        }

        /** The ids ticked, so a page shown again keeps them ticked. */
        Set<Long> selectedIds() {
            return items().stream().map(BulkActions.Selected::id).collect(Collectors.toSet());
        }

        /** The ids ticked, read from the request when the form itself could not be bound. */
        static Set<Long> selectedIds(String[] selected) {
            return selected == null ? Set.of()
                    : new Bulk(List.of(selected), null, null, null, null, null).selectedIds();
        }

        BulkActions.Operation operation() {
            if (op == null) {
                return null;
            }
            return switch (op) {
                case "reassign" -> BulkActions.Operation.REASSIGN;
                case "due" -> BulkActions.Operation.DUE_DATE;
                case "status" -> BulkActions.Operation.STATUS;
                default -> null;
            };
        }

        BulkActions.Change change() {
            return new BulkActions.Change(operation(), newOwner, newDueDate, newStatus, reason);
        }
    }
}
