package org.hindsight.timeline;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.hindsight.incident.IncidentCommands.KeyMomentOutcome;
import org.hindsight.incident.IncidentService;
import org.hindsight.timeline.TimelineViews.Posted;
import org.hindsight.timeline.TimelineViews.TimelineRow;
import org.hindsight.system.ApiValidationException;
import org.hindsight.system.ApiValidator;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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

    /** "-5m", "-1h30m", "2 hours ago", "now": read as the page reads them. */
    private static final Pattern RELATIVE = Pattern.compile(
            "(?i)now|[-+]\\d.*|.*\\bago|\\d{1,5}\\s*[a-z]+(?:\\s*\\d{1,5}\\s*[a-z]+)*");

    private final TimelineService timeline;
    private final IncidentService incidents;
    private final ApiValidator validator;
    private final Clock clock;
    private final MessageSource messages;

    TimelineApiController(TimelineService timeline, IncidentService incidents, ApiValidator validator, Clock clock,
            MessageSource messages) {
        this.timeline = timeline;
        this.incidents = incidents;
        this.validator = validator;
        this.clock = clock;
        this.messages = messages;
    }

    /**
     * A new event. {@code at} defaults to now; {@code tags} are key moments, which only the incident's commander,
     * its responders (who joined) and managers set. A tag whose summary time is already set to another value
     * changes it only with {@code replaceSummaryTimes: true}.
     */
    record NewEventJson(@NotBlank @Size(max = TimelineEvent.MAX_TEXT) String text,
            @Schema(description = "When it happened: an ISO-8601 date-time with an offset (2024-05-12T09:30:00Z), or"
                    + " relative to now (-5m, -90s, -1h30m, 2 hours ago, now). Empty: now.",
                    example = "-5m") @Size(max = 64) String at, EventKind kind,
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
        Instant at = when(body.at());
        Posted posted = timeline.post(me, incidentId, new TimelineService.NewEvent(body.text(), at, body.kind(),
                body.tags() == null ? Set.of() : body.tags(), Boolean.TRUE.equals(body.replaceSummaryTimes())));
        TimelineRow row = posted.event();
        return ResponseEntity.created(URI.create("/api/incidents/" + key + "/timeline/" + row.id()))
                .body(new PostedJson(row.id(), row.at(), row.authorUsername(), row.text(), row.kind(),
                        row.keyMoments(), posted.keyMoments()));
    }

    /**
     * An offset date-time as before, or the relative forms of the page's "when" (scripts have no viewer zone, so a
     * bare time of day or a date-time without offset stays refused).
     */
    private Instant when(String at) {
        if (at == null || at.isBlank()) {
            return null;
        }
        String text = at.strip();
        if (RELATIVE.matcher(text).matches()) {
            try {
                return TimeInput.parse(text, ZoneOffset.UTC, clock.instant()).instant();
            } catch (TimeInputException e) {
                throw problem(e.getMessageCode(), text);
            }
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw problem("time.api.invalid", text);
        }
    }

    private ApiValidationException problem(String code, String input) {
        String message = messages.getMessage(code, new Object[] {input}, code, LocaleContextHolder.getLocale());
        return new ApiValidationException(List.of(new ApiValidationException.FieldProblem("at", message)));
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
