package org.hindsight.incident;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.hindsight.incident.IncidentCommands.IncidentChanges;
import org.hindsight.incident.IncidentViews.Durations;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.incident.IncidentViews.UserRef;
import org.hindsight.system.ApiValidator;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.JsonPatch;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The incidents JSON API: times in and out as ISO-8601 (returned in UTC), errors as problem details. */
@RestController
@RequestMapping("/api/incidents")
class IncidentApiController {

    static final int MAX_PAGE_SIZE = 100;
    private static final int MD = IncidentForms.MARKDOWN_MAX;

    private final IncidentService incidents;
    private final ApiValidator validator;
    private final IncidentTextFilter text;

    IncidentApiController(IncidentService incidents, ApiValidator validator, IncidentTextFilter text) {
        this.text = text;
        this.incidents = incidents;
        this.validator = validator;
    }

    /** An incident as the API returns it. */
    record IncidentJson(String key, String title, Severity severity, IncidentStatus status, Instant startedAt,
            Instant detectedAt, Instant respondedAt, Instant identifiedAt, Instant mitigatedAt, Instant resolvedAt,
            String impact, BigDecimal usersAffectedPercent, List<String> services, String commander,
            List<String> responders, String rootCauseSummary, String rootCause, String resolution,
            String contributingFactors, String lessons, String notes, Durations durations, Instant createdAt, Instant updatedAt,
            long version) {

        static IncidentJson of(IncidentDetails i) {
            return new IncidentJson(i.key(), i.title(), i.severity(), i.status(), i.startedAt(), i.detectedAt(),
                    i.respondedAt(), i.identifiedAt(), i.mitigatedAt(), i.resolvedAt(), i.impact(),
                    i.usersAffectedPercent(), i.services(), i.commander() == null ? null : i.commander().username(),
                    i.responders().stream().map(UserRef::username).toList(), i.rootCauseSummary(), i.rootCause(),
                    i.resolution(), i.contributingFactors(), i.lessons(), i.notes(), i.durations(), i.createdAt(),
                    i.updatedAt(), i.version());
        }
    }

    /** A new incident. */
    record NewIncidentJson(
            @NotBlank @Size(max = 200) String title,
            @NotNull Severity severity,
            IncidentStatus status,
            OffsetDateTime startedAt,
            OffsetDateTime detectedAt,
            @Size(max = MD) String impact,
            @DecimalMin("0") @DecimalMax("100")
            @Digits(integer = 3, fraction = IncidentForms.PERCENT_DECIMALS, message = "{percent.digits}")
            BigDecimal usersAffectedPercent,
            @Size(max = IncidentService.MAX_SERVICES) List<@Size(max = 80) String> services,
            @Size(max = 64) String commander,
            @Size(max = 100) List<@Size(max = 64) String> responders) {
    }

    /** One page of a list. */
    record PageJson<T>(List<T> items, int page, int size, long total) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<IncidentJson> create(@CurrentUser HindsightUser me, @RequestBody NewIncidentJson body) {
        if (!IncidentService.canLog(me)) {
            throw new org.springframework.security.access.AccessDeniedException("Responders and managers declare incidents");
        }
        validator.check(body);
        String key = incidents.create(me, new IncidentCommands.NewIncident(body.title(), body.severity(),
                body.status(), instant(body.startedAt()), instant(body.detectedAt()), body.impact(),
                body.usersAffectedPercent(), body.services(), body.commander(), body.responders()));
        return ResponseEntity.created(URI.create("/api/incidents/" + key))
                .body(IncidentJson.of(incidents.details(key)));
    }

    @GetMapping
    PageJson<IncidentViews.IncidentRow> list(@RequestParam(required = false) IncidentStatus status,
            @RequestParam(required = false) Severity severity, @RequestParam(required = false) String service,
            @RequestParam(required = false) String q, @RequestParam(required = false) PostmortemState postmortem,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "25") int size) {
        int pageSize = Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
        IncidentFilter filter = new IncidentFilter(status, severity, service, q, postmortem);
        var found = filter.read(text, () -> incidents.search(filter, page, pageSize));
        return new PageJson<>(found.getContent(), found.getNumber(), found.getSize(), found.getTotalElements());
    }

    @GetMapping("/{key}")
    IncidentJson get(@PathVariable String key) {
        return IncidentJson.of(incidents.details(key));
    }

    /**
     * A merge patch: the fields present change (null clears), {@code version} must be the one last read. Only the
     * incident's commander, its responders (who joined) and managers.
     */
    @PatchMapping("/{key}")
    IncidentJson patch(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestBody Map<String, Object> body) {
        IncidentDetails now = incidents.details(key);
        incidents.requireEdit(me, now.id());
        JsonPatch patch = new JsonPatch(body, Set.of("title", "severity", "status", "startedAt", "detectedAt",
                "respondedAt", "identifiedAt", "mitigatedAt", "resolvedAt", "impact", "usersAffectedPercent",
                "services", "commander", "responders", "rootCauseSummary", "rootCause", "resolution",
                "contributingFactors", "lessons", "notes", "version"));
        Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
        for (SummaryTime time : SummaryTime.values()) {
            times.put(time, patch.instant(time.field(), now.get(time)));
        }
        if (patch.has("startedAt") && times.get(SummaryTime.STARTED) == null) {
            patch.problem("startedAt", "Required: an incident always has a start.");
        }
        IncidentChanges.Builder changes = IncidentChanges.from(now)
                .title(patch.text("title", now.title(), 200, true))
                .severity(patch.enumValue("severity", Severity.class, now.severity()))
                .status(patch.enumValue("status", IncidentStatus.class, now.status()))
                .times(times)
                .impact(patch.text("impact", now.impact(), MD, false))
                .usersAffectedPercent(patch.decimal("usersAffectedPercent", now.usersAffectedPercent(), BigDecimal.ZERO,
                        BigDecimal.valueOf(100), IncidentForms.PERCENT_DECIMALS))
                .services(patch.strings("services", now.services(), IncidentService.MAX_SERVICES, 80))
                .commander(patch.text("commander", now.commander() == null ? null : now.commander().username(), 64,
                        false))
                .responders(patch.strings("responders", now.responders().stream().map(UserRef::username).toList(),
                        100, 64))
                .rootCauseSummary(patch.text("rootCauseSummary", now.rootCauseSummary(), 500, false))
                .rootCause(patch.text("rootCause", now.rootCause(), MD, false))
                .resolution(patch.text("resolution", now.resolution(), MD, false))
                .contributingFactors(patch.text("contributingFactors", now.contributingFactors(), MD, false))
                .lessons(patch.text("lessons", now.lessons(), MD, false))
                .notes(patch.text("notes", now.notes(), MD, false));
        Long version = patch.version("version", true);
        patch.done();
        try {
            incidents.update(me, key, changes.version(version).build());
        } catch (EditConflictException e) {
            // the 409 shows the current incident as GET does
            throw new EditConflictException(IncidentJson.of((IncidentDetails) e.getCurrent()));
        }
        return IncidentJson.of(incidents.details(key));
    }

    /** Joining: the caller becomes one of the incident's responders, and may change it. */
    @PostMapping("/{key}/responders")
    @Operation(summary = "Join the incident as one of its responders (the signed-in user; recorded on the timeline)")
    @ApiResponse(responseCode = "201", description = "Joined; the incident")
    @ApiResponse(responseCode = "200", description = "Already one of its responders; the incident, unchanged")
    @ApiResponse(responseCode = "403", description = "Viewers do not join incidents")
    ResponseEntity<IncidentJson> join(@CurrentUser HindsightUser me, @PathVariable String key) {
        boolean joined = incidents.join(me, key);
        IncidentJson incident = IncidentJson.of(incidents.details(key));
        return joined ? ResponseEntity.created(URI.create("/api/incidents/" + key)).body(incident)
                : ResponseEntity.ok(incident);
    }

    /** Leaving: the caller is no longer one of the incident's responders (a commander still commands it). */
    @DeleteMapping("/{key}/responders/me")
    @Operation(summary = "Leave the incident's responders (the signed-in user; recorded on the timeline)")
    @ApiResponse(responseCode = "200", description = "Left, or was not one of them; the incident")
    @ApiResponse(responseCode = "403", description = "Viewers do not join incidents")
    IncidentJson leave(@CurrentUser HindsightUser me, @PathVariable String key) {
        incidents.leave(me, key);
        return IncidentJson.of(incidents.details(key));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
