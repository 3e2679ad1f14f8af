package org.hindsight.action;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionViews.ActionItemView;
import org.hindsight.incident.IncidentService;
import org.hindsight.system.ApiValidator;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.JsonPatch;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The action items JSON API. */
@RestController
class ActionItemApiController {

    private final ActionItemService actions;
    private final IncidentService incidents;
    private final ApiValidator validator;

    ActionItemApiController(ActionItemService actions, IncidentService incidents, ApiValidator validator) {
        this.actions = actions;
        this.incidents = incidents;
        this.validator = validator;
    }

    record NewActionJson(@NotBlank @Size(max = 300) String title, @NotNull ActionType type, ActionCategory category,
            @Size(max = 64) String owner, LocalDate dueDate, ActionPriority priority, ActionStatus status,
            @Size(max = 20000) String details, @Size(max = 2000) String trackerUrl,
            @Size(max = 2000) String wontDoReason) {
    }

    /** An action item as the API returns it. */
    record ActionJson(long id, String incidentKey, String title, String details, ActionType type,
            ActionCategory category, String owner, LocalDate dueDate, ActionPriority priority, ActionStatus status,
            String wontDoReason, java.time.Instant completedAt, String trackerUrl, boolean overdue, long version) {
        static ActionJson of(ActionItemView a) {
            return new ActionJson(a.id(), a.incidentKey(), a.title(), a.details(), a.type(), a.category(), a.owner(),
                    a.dueDate(), a.priority(), a.status(), a.wontDoReason(), a.completedAt(), a.trackerUrl(),
                    a.overdue(), a.version());
        }
    }

    @PostMapping("/api/incidents/{key}/actions")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<ActionJson> create(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestBody NewActionJson body) {
        long incidentId = incidents.idOf(key);
        incidents.requireEdit(me, incidentId);
        validator.check(body);
        ActionItemView created = actions.create(me, incidentId, new ActionFields(body.title(), body.details(),
                body.type(), body.category(), body.owner(), body.dueDate(), body.priority(), body.status(),
                body.wontDoReason(), body.trackerUrl(), 0));
        return ResponseEntity.created(URI.create("/api/actions/" + created.id())).body(ActionJson.of(created));
    }

    @GetMapping("/api/incidents/{key}/actions")
    List<ActionJson> list(@CurrentUser HindsightUser me, @PathVariable String key) {
        return actions.forIncident(me, incidents.idOf(key)).stream().map(ActionJson::of).toList();
    }

    @GetMapping("/api/actions/{id}")
    ActionJson get(@CurrentUser HindsightUser me, @PathVariable long id) {
        return ActionJson.of(actions.get(me, id));
    }

    /**
     * A merge patch. An owner may send only {@code status} (and {@code wontDoReason}); editors of the incident
     * may change any field. {@code version} guards against overwriting someone else's change.
     */
    @PatchMapping("/api/actions/{id}")
    ActionJson patch(@CurrentUser HindsightUser me, @PathVariable long id, @RequestBody Map<String, Object> body) {
        ActionItemView now = actions.get(me, id);
        JsonPatch patch = new JsonPatch(body, Set.of("title", "details", "type", "category", "owner", "dueDate",
                "priority", "status", "wontDoReason", "trackerUrl", "version"));
        ActionStatus status = patch.enumValue("status", ActionStatus.class, now.status());
        String reason = patch.text("wontDoReason", now.wontDoReason(), 2000, false);
        Long version = patch.version("version", false);
        boolean statusOnly = body.keySet().stream().allMatch(f -> Set.of("status", "wontDoReason", "version").contains(f));
        try {
            if (statusOnly) {
                patch.done();
                return ActionJson.of(actions.changeStatus(me, id, status, reason, version));
            }
            return update(me, id, patch, now, status, reason, version);
        } catch (EditConflictException e) {
            // the 409 shows the current item as GET does
            throw new EditConflictException(ActionJson.of((ActionItemView) e.getCurrent()));
        }
    }

    private ActionJson update(HindsightUser me, long id, JsonPatch patch, ActionItemView now, ActionStatus status,
            String reason, Long version) {
        ActionFields fields = new ActionFields(patch.text("title", now.title(), 300, true),
                patch.text("details", now.details(), 20000, false),
                patch.enumValue("type", ActionType.class, now.type()),
                patch.enumValue("category", ActionCategory.class, now.category()),
                patch.text("owner", now.owner(), 64, false), patch.date("dueDate", now.dueDate()),
                patch.enumValue("priority", ActionPriority.class, now.priority()), status, reason,
                patch.text("trackerUrl", now.trackerUrl(), 2000, false), version == null ? now.version() : version);
        patch.done();
        return ActionJson.of(actions.update(me, id, fields));
    }
}
