package org.hindsight.incident;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.hindsight.incident.IncidentCommands.KeyMomentOutcome;
import org.hindsight.incident.IncidentCommands.PendingChange;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.system.Audited;
import org.hindsight.system.EditConflictException;
import org.hindsight.user.HindsightUser;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The summary times that key moments on the timeline set: an unset time is taken at once, a time already
 * set changes only when the user confirms, and nothing may break the time order.
 */
@Service
@Transactional
public class SummaryTimes {

    private final IncidentRepository repository;
    private final IncidentService incidents;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    SummaryTimes(IncidentRepository repository, IncidentService incidents, Clock clock,
            ApplicationEventPublisher events) {
        this.repository = repository;
        this.incidents = incidents;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Takes summary times from key moments tagged at {@code at}. An unset time is set; a time already set to
     * another value changes only with {@code replaceExisting} (the user confirmed), else it is reported as
     * pending; a change that would break the time order is refused. The caller raised the revision. The times
     * applied are an incident change of the audit trail, made by whoever made the request (or the alert hook).
     */
    public KeyMomentOutcome applyKeyMoments(long incidentId, Collection<SummaryTime> times, Instant at,
            boolean replaceExisting) {
        List<SummaryTime> applied = new ArrayList<>();
        List<PendingChange> pending = new ArrayList<>();
        List<SummaryTime> refused = new ArrayList<>();
        if (times.isEmpty()) {
            return new KeyMomentOutcome(applied, pending, refused);
        }
        Incident incident = repository.findById(incidentId).orElseThrow();
        Map<String, Object> before = audited(incident.getSummaryTimes());
        Instant value = TimeOrder.toSecond(at);
        for (SummaryTime time : new LinkedHashSet<>(times)) {
            Instant current = incident.get(time);
            if (value.equals(current)) {
                continue;
            }
            if (current != null && !replaceExisting) {
                pending.add(new PendingChange(time, current, value));
                continue;
            }
            Map<SummaryTime, Instant> candidate = incident.getSummaryTimes();
            candidate.put(time, value);
            if (TimeOrder.violations(candidate).isEmpty()) {
                incident.set(time, value);
                applied.add(time);
            } else {
                refused.add(time);
            }
        }
        if (!applied.isEmpty()) {
            incident.touch(clock.instant());
            events.publishEvent(Audited.changed(IncidentService.AUDITED, incident.getKey(), incidentId, before,
                    audited(incident.getSummaryTimes())));
            events.publishEvent(new KeyMomentsApplied(incidentId, applied, value, clock.instant()));
        }
        return new KeyMomentOutcome(applied, pending, refused);
    }

    /** The summary times as the audit trail compares them: by the field names the API uses. */
    private static Map<String, Object> audited(Map<SummaryTime, Instant> times) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (SummaryTime time : SummaryTime.values()) {
            fields.put(time.field(), times.get(time));
        }
        return fields;
    }

    /** Applies a summary time the user confirmed replacing (a key moment on an event set another value). */
    public KeyMomentOutcome confirmSummaryTime(HindsightUser by, String key, SummaryTime time, Instant at,
            Instant shownCurrent) {
        long id = incidents.idOf(key);
        incidents.raiseRevision(id);
        incidents.requireEdit(by, id);
        Instant current = repository.findById(id).orElseThrow().get(time);
        if (shownCurrent != null && !shownCurrent.equals(current)) {
            // someone set this time since the user was asked: do not overwrite what they have not seen
            throw new EditConflictException(IncidentDetails.of(repository.findDetailedById(id).orElseThrow()));
        }
        KeyMomentOutcome outcome = applyKeyMoments(id, List.of(time), at, true);
        repository.flush();
        return outcome;
    }
}
