package org.hindsight.timeline;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.hindsight.incident.IncidentCommands.KeyMomentOutcome;
import org.hindsight.incident.IncidentService;
import org.hindsight.timeline.TimelineViews.Posted;
import org.hindsight.timeline.TimelineViews.TimelineRow;
import org.hindsight.system.ApiValidator;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The timeline JSON API, for scripts and monitoring that log events during an outage. */
@RestController
@RequestMapping("/api/incidents/{key}/timeline")
class TimelineApiController {

    private final TimelineService timeline;
    private final IncidentService incidents;
    private final ApiValidator validator;

    TimelineApiController(TimelineService timeline, IncidentService incidents, ApiValidator validator) {
        this.timeline = timeline;
        this.incidents = incidents;
        this.validator = validator;
    }

    /**
     * A new event. {@code at} defaults to now; {@code tags} are key moments, which only the incident's commander,
     * its responders (who joined) and managers set. A tag whose summary time is already set to another value
     * changes it only with {@code replaceSummaryTimes: true}.
     */
    record NewEventJson(@NotBlank @Size(max = TimelineEvent.MAX_TEXT) String text, OffsetDateTime at, EventKind kind,
            @Size(max = 6) Set<KeyMoment> tags, Boolean replaceSummaryTimes) {
    }

    /** An event as the API returns it. */
    record EventJson(long id, Instant at, String author, String text, EventKind kind, Set<KeyMoment> tags,
            boolean deleted) {
        static EventJson of(TimelineRow row) {
            return new EventJson(row.id(), row.at(), row.authorUsername(), row.text(), row.kind(), row.keyMoments(),
                    row.deleted());
        }
    }

    /** The created event and what its key moments did to the incident's summary times. */
    record PostedJson(long id, Instant at, String author, String text, EventKind kind, Set<KeyMoment> tags,
            KeyMomentOutcome summaryTimes) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Log an event (any responder; tags, the key moments, only the incident's commander, its"
            + " responders and managers: join it first with POST /api/incidents/{key}/responders)")
    @ApiResponse(responseCode = "201", description = "Logged; the event and what its key moments did")
    @ApiResponse(responseCode = "403", description = "Not a responder, or tags from one who has not joined the"
            + " incident (problem details naming tags)")
    ResponseEntity<PostedJson> post(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestBody NewEventJson body) {
        // a missing incident is found out by the post's first statement under the incident's lock (404)
        long incidentId = incidents.idOfUnchecked(key);
        if (!IncidentService.canLog(me)) {
            throw new org.springframework.security.access.AccessDeniedException("Responders log timeline events");
        }
        validator.check(body);
        Instant at = body.at() == null ? null : body.at().toInstant();
        Posted posted = timeline.post(me, incidentId, new TimelineService.NewEvent(body.text(), at, body.kind(),
                body.tags() == null ? Set.of() : body.tags(), Boolean.TRUE.equals(body.replaceSummaryTimes())));
        TimelineRow row = posted.event();
        return ResponseEntity.created(URI.create("/api/incidents/" + key + "/timeline/" + row.id()))
                .body(new PostedJson(row.id(), row.at(), row.authorUsername(), row.text(), row.kind(),
                        row.keyMoments(), posted.keyMoments()));
    }

    @GetMapping("/{eventId}")
    EventJson get(@CurrentUser HindsightUser me, @PathVariable String key, @PathVariable long eventId) {
        TimelineRow row = timeline.event(me, incidents.idOf(key), eventId);
        if (row.deleted() && !row.mayEdit()) {
            throw new org.hindsight.system.RecordNotFoundException("Timeline event", eventId);
        }
        return EventJson.of(row);
    }

    /** The timeline in time order, without deleted events. */
    @GetMapping
    List<EventJson> list(@CurrentUser HindsightUser me, @PathVariable String key) {
        long incidentId = incidents.idOf(key);
        return timeline.timeline(me, incidentId).rows().stream().filter(row -> !row.deleted()).map(EventJson::of)
                .toList();
    }
}
