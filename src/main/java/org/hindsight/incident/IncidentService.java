package org.hindsight.incident;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.hindsight.incident.IncidentCommands.IncidentChanges;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.incident.IncidentViews.IncidentRow;
import org.hindsight.system.Audited;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.RecordNotFoundException;
import org.hindsight.system.SharedChanges;
import org.hindsight.system.SharedChanges.Topic;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.hindsight.user.User;
import org.hindsight.user.UserDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Incidents: declared, edited, moved through their statuses; their summary times follow key moments. */
@Service
@Transactional
public class IncidentService {

    static final int MAX_SERVICES = ServiceTags.MAX_PER_INCIDENT;

    private final IncidentRepository incidents;
    private final ServiceTags serviceTags;
    private final UserDirectory users;
    private final OpenActionCounter openActions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final jakarta.persistence.EntityManager entityManager;
    private final IncidentTextFilter text;
    private final SharedChanges shared;
    static final String AUDITED = "incident";

    IncidentService(IncidentRepository incidents, ServiceTags serviceTags, UserDirectory users,
            OpenActionCounter openActions, ApplicationEventPublisher events, Clock clock,
            jakarta.persistence.EntityManager entityManager, IncidentTextFilter text, SharedChanges shared) {
        this.entityManager = entityManager;
        this.shared = shared;
        this.text = text;
        this.incidents = incidents;
        this.serviceTags = serviceTags;
        this.users = users;
        this.openActions = openActions;
        this.events = events;
        this.clock = clock;
    }

    // ---- reading

    /** The id behind a key, or 404 when no such incident exists. */
    @Transactional(readOnly = true)
    public long idOf(String key) {
        Long id = IncidentKey.parse(key).orElseThrow(() -> new RecordNotFoundException("Incident", key));
        if (!incidents.existsById(id)) {
            throw new RecordNotFoundException("Incident", key);
        }
        return id;
    }

    @Transactional(readOnly = true)
    public IncidentDetails details(String key) {
        return details(IncidentKey.parse(key).orElseThrow(() -> new RecordNotFoundException("Incident", key)));
    }

    @Transactional(readOnly = true)
    public IncidentDetails details(long id) {
        return IncidentDetails.of(incidents.findDetailedById(id)
                .orElseThrow(() -> new RecordNotFoundException("Incident", IncidentKey.format(id))));
    }

    /** Newest first (by start), filtered, one page; each row with its count of open action items. */
    @Transactional(readOnly = true)
    public Page<IncidentRow> search(IncidentFilter filter, int page, int size) {
        int lastPossible = Integer.MAX_VALUE / Math.max(size, 1) - 1;
        Pageable pageable = PageRequest.of(Math.min(Math.max(page, 0), lastPossible), size,
                Sort.by(Sort.Order.desc("startedAt"), Sort.Order.desc("id")));
        Page<Incident> found = incidents.findAll(filter.toSpecification(text), pageable);
        Map<Long, Long> counts = found.isEmpty() ? Map.of()
                : openActions.openActionsByIncident(found.map(Incident::getId).toList());
        return found.map(i -> new IncidentRow(i.getKey(), i.getTitle(), i.getSeverity(), i.getStatus(),
                i.getStartedAt(), i.get(SummaryTime.RESOLVED), counts.getOrDefault(i.getId(), 0L),
                i.getPostmortemState()));
    }

    @Transactional(readOnly = true)
    public List<String> serviceNames() {
        return serviceTags.names();
    }

    @Transactional(readOnly = true)
    public Instant startedAt(long incidentId) {
        return incidents.findStartedAt(incidentId)
                .orElseThrow(() -> new RecordNotFoundException("Incident", IncidentKey.format(incidentId)));
    }

    @Transactional(readOnly = true)
    public long revision(long incidentId) {
        return incidents.findRevision(incidentId)
                .orElseThrow(() -> new RecordNotFoundException("Incident", IncidentKey.format(incidentId)));
    }

    // ---- who may do what

    /**
     * Who changes an incident (its fields, its summary times, key moments on its timeline): managers and admins
     * every incident; a responder the incidents they command or joined (are listed among the responders of).
     * Logging a plain event needs only the responder role ({@link #canLog}).
     */
    @Transactional(readOnly = true)
    public boolean canEdit(HindsightUser user, long incidentId) {
        if (user == null || !user.hasRole(Role.RESPONDER)) {
            return false;
        }
        if (user.hasRole(Role.MANAGER)) {
            return true;
        }
        Incident incident = incidents.findById(incidentId).orElse(null);
        if (incident == null) {
            return false;
        }
        return isUser(incident.getCommander(), user) || incidents.isResponder(incidentId, user.getId());
    }

    public void requireEdit(HindsightUser user, long incidentId) {
        if (!canEdit(user, incidentId)) {
            throw new AccessDeniedException("Only the incident's commander, its responders and managers change it;"
                    + " join the incident first");
        }
    }

    /** Any responder logs events on any incident (without key moments unless {@link #canEdit}), and may join it. */
    public static boolean canLog(HindsightUser user) {
        return user != null && user.hasRole(Role.RESPONDER);
    }

    /** Whether the user is listed among the incident's responders. */
    @Transactional(readOnly = true)
    public boolean hasJoined(HindsightUser user, long incidentId) {
        return user != null && incidents.isResponder(incidentId, user.getId());
    }

    private static boolean isUser(User user, HindsightUser who) {
        return user != null && Objects.equals(user.getId(), who.getId());
    }

    // ---- changing

    public String create(HindsightUser by, NewIncident command) {
        if (!canLog(by)) {
            throw new AccessDeniedException("Responders and managers declare incidents");
        }
        Instant now = clock.instant();
        User declarer = users.reference(by.getId());
        Instant startedAt = TimeOrder.toSecond(command.startedAt() == null ? now : command.startedAt());
        Incident incident = new Incident(command.title().trim(), command.severity(),
                command.status() == null ? IncidentStatus.INVESTIGATING : command.status(), startedAt, declarer, now);
        Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
        times.put(SummaryTime.STARTED, startedAt);
        times.put(SummaryTime.DETECTED, TimeOrder.toSecond(command.detectedAt()));
        checkOrder(times);
        incident.set(SummaryTime.DETECTED, TimeOrder.toSecond(command.detectedAt()));
        incident.setImpact(blankToNull(command.impact()));
        incident.setUsersAffectedPercent(command.usersAffectedPercent());
        incident.setServices(serviceTags.resolve(command.services()));
        incident.setCommander(command.commander() == null || command.commander().isBlank() ? declarer
                : findUser("commander", command.commander()));
        incident.addResponder(declarer);
        for (User responder : findResponders(command.responders())) {
            if (!Objects.equals(responder.getId(), by.getId())) {
                incident.addResponder(responder);
            }
        }
        Incident saved = incidents.saveAndFlush(incident);
        events.publishEvent(Audited.created(AUDITED, saved.getKey(), saved.getId(),
                IncidentAuditFields.of(IncidentDetails.of(saved))));
        events.publishEvent(new IncidentDeclared(saved.getId(), now));
        return saved.getKey();
    }

    /**
     * Declares an incident for a group of alerts. No person declared it, so it has no declarer, commander or
     * responders until people join; title, severity, status, start, detection time and services come from the
     * command (a blank title reads "Alert"). Answers the new incident's id.
     */
    public long declareForAlerts(NewIncident command) {
        Instant now = clock.instant();
        Instant startedAt = TimeOrder.toSecond(command.startedAt() == null ? now : command.startedAt());
        String title = command.title() == null || command.title().isBlank() ? "Alert" : command.title().strip();
        Incident incident = new Incident(title.length() > 200 ? title.substring(0, 200) : title, command.severity(),
                command.status() == null ? IncidentStatus.INVESTIGATING : command.status(), startedAt, null, now);
        incident.set(SummaryTime.DETECTED, TimeOrder.toSecond(command.detectedAt()));
        incident.setServices(serviceTags.resolve(command.services()));
        Incident saved = incidents.saveAndFlush(incident);
        events.publishEvent(Audited.created(AUDITED, saved.getKey(), saved.getId(),
                IncidentAuditFields.of(IncidentDetails.of(saved))));
        events.publishEvent(new IncidentDeclared(saved.getId(), now));
        return saved.getId();
    }

    /** Whether the incident is still being worked on: not yet resolved or closed. */
    @Transactional(readOnly = true)
    public boolean isActive(long incidentId) {
        return incidents.findById(incidentId).map(incident -> incident.getStatus().isActive()).orElse(false);
    }

    /**
     * Changes some fields of the incident as it is now, in one transaction: {@code edits} sets them on changes that
     * start from the current state (an import setting the narrative, a script changing a few fields).
     */
    public void change(HindsightUser by, String key, java.util.function.UnaryOperator<IncidentChanges.Builder> edits) {
        update(by, key, edits.apply(IncidentChanges.from(details(key))).build());
    }

    public void update(HindsightUser by, String key, IncidentChanges changes) {
        long id = idOf(key);
        incidents.raiseRevision(id); // the incident's lock first: the version check below sees the latest save
        requireEdit(by, id);
        Incident incident = incidents.findDetailedById(id).orElseThrow();
        if (incident.getVersion() != changes.version()) {
            throw new EditConflictException(IncidentDetails.of(incident));
        }
        Map<String, Object> before = IncidentAuditFields.of(IncidentDetails.of(incident));
        Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
        changes.times().forEach((time, value) -> times.put(time, TimeOrder.toSecond(value)));
        if (times.get(SummaryTime.STARTED) == null) {
            times.put(SummaryTime.STARTED, incident.getStartedAt()); // an incident always has a start
        }
        checkOrder(times);
        incident.setTitle(changes.title().trim());
        Severity severityBefore = incident.getSeverity();
        incident.setSeverity(changes.severity());
        if (changes.severity() != severityBefore) {
            events.publishEvent(new SeverityChanged(id, severityBefore, changes.severity(), clock.instant()));
        }
        times.forEach(incident::set);
        incident.setImpact(blankToNull(changes.impact()));
        incident.setUsersAffectedPercent(changes.usersAffectedPercent());
        incident.setServices(serviceTags.resolve(changes.services()));
        incident.setCommander(changes.commander() == null || changes.commander().isBlank() ? null
                : findUser("commander", changes.commander()));
        incident.setResponders(findResponders(changes.responders()));
        incident.setRootCauseSummary(blankToNull(changes.rootCauseSummary()));
        incident.setRootCause(blankToNull(changes.rootCause()));
        incident.setResolution(blankToNull(changes.resolution()));
        incident.setContributingFactors(blankToNull(changes.contributingFactors()));
        incident.setLessons(blankToNull(changes.lessons()));
        incident.setNotes(blankToNull(changes.notes()));
        if (changes.status() != null && changes.status() != incident.getStatus()) {
            moveTo(incident, changes.status(), by);
        }
        incident.touch(clock.instant());
        incidents.flush();
        events.publishEvent(Audited.changed(AUDITED, key, id, before,
                IncidentAuditFields.of(IncidentDetails.of(incident))));
    }

    /** Moves the incident to {@code to} (recorded on its timeline); answers the status it had before. */
    public IncidentStatus changeStatus(HindsightUser by, String key, IncidentStatus to) {
        long id = idOf(key);
        incidents.raiseRevision(id);
        requireEdit(by, id);
        Incident incident = incidents.findById(id).orElseThrow();
        IncidentStatus from = incident.getStatus();
        if (from == to) {
            return from;
        }
        Map<String, Object> before = statusFields(incident);
        moveTo(incident, to, by);
        incident.touch(clock.instant());
        incidents.flush();
        events.publishEvent(Audited.changed(AUDITED, key, id, before, statusFields(incident)));
        return from;
    }

    /** What a status move changes: the status, and the resolution time a move to Resolved sets. */
    private static Map<String, Object> statusFields(Incident incident) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", incident.getStatus());
        fields.put(SummaryTime.RESOLVED.field(), incident.get(SummaryTime.RESOLVED));
        return fields;
    }

    private void moveTo(Incident incident, IncidentStatus to, HindsightUser by) {
        IncidentStatus from = incident.getStatus();
        incident.setStatus(to);
        Instant now = TimeOrder.toSecond(clock.instant());
        if (to == IncidentStatus.RESOLVED && incident.get(SummaryTime.RESOLVED) == null
                && !now.isBefore(incident.getStartedAt())) {
            incident.set(SummaryTime.RESOLVED, TimeOrder.toSecond(now));
        }
        events.publishEvent(new IncidentStatusChanged(incident.getId(), from, to, by.getId(), now));
    }

    /**
     * The user joins the incident's responders (and so may change it), recorded on its timeline. Answers false,
     * changing and recording nothing, when they are already one of them.
     */
    public boolean join(HindsightUser user, String key) {
        return setJoined(user, key, true);
    }

    /** The user leaves the incident's responders, recorded on its timeline; false when they were not one of them. */
    public boolean leave(HindsightUser user, String key) {
        return setJoined(user, key, false);
    }

    private boolean setJoined(HindsightUser user, String key, boolean join) {
        if (!canLog(user)) {
            throw new AccessDeniedException("Responders join incidents");
        }
        long id = idOf(key);
        lockByRaisingRevision(id); // the incident's lock: two joins by one user add one row and one event
        if (incidents.isResponder(id, user.getId()) == join) {
            return false;
        }
        Incident incident = incidents.findById(id).orElseThrow();
        if (join) {
            incident.addResponder(users.reference(user.getId()));
        } else {
            incident.removeResponder(user.getId());
        }
        Instant now = clock.instant();
        incident.touch(now);
        events.publishEvent(new ResponderJoined(id, user.getId(), user.getDisplayName(), join, now));
        incidents.flush();
        events.publishEvent(Audited.changed(AUDITED, key, id, "responder " + user.getUsername(),
                join ? null : "joined", join ? "joined" : null));
        return true;
    }

    /**
     * {@link #raiseRevision} that also reads the incident's start in the same statement (a timeline post needs
     * both): returns the new revision and the start.
     */
    public RevisionAndStart raiseRevisionReadingStart(long incidentId) {
        lockByRaisingRevision(incidentId);
        return incidents.findRevisionAndStart(incidentId).orElseThrow();
    }

    /**
     * The id a key names, without checking that the incident exists: for a caller whose first statement under
     * the incident's lock ({@link #raiseRevision}) answers "not found" anyway, so the API's timeline post saves a
     * round trip. Anything else uses {@link #idOf}.
     */
    @Transactional(propagation = Propagation.SUPPORTS) // it reads nothing: no session of its own to open and close
    public long idOfUnchecked(String key) {
        return IncidentKey.parse(key).orElseThrow(() -> new RecordNotFoundException("Incident", key));
    }

    /**
     * Locks the incident's row until the transaction ends, without changing it (its revision stays): steps that must
     * not interleave for one incident, such as publishing a postmortem version, take it first.
     */
    @Transactional
    public void lock(long incidentId) {
        if (incidents.lockById(incidentId).isEmpty()) {
            throw new RecordNotFoundException("Incident", IncidentKey.format(incidentId));
        }
    }

    /** Records where the incident's postmortem is in its review (the review module calls this at each step). */
    @Transactional
    public void recordPostmortemState(long incidentId, PostmortemState state) {
        if (incidents.setPostmortemState(incidentId, state) == 0) {
            throw new RecordNotFoundException("Incident", IncidentKey.format(incidentId));
        }
        Incident loaded = entityManager.find(Incident.class, incidentId);
        entityManager.refresh(loaded); // the update went around the incident this transaction may hold
        // nor did it tell anyone: the incident list shows the state, and keeps its pages under this topic's mark
        shared.changed(Topic.LEDGER);
    }

    /** See {@link IncidentRepository#raiseRevision}; returns the new revision. */
    public long raiseRevision(long incidentId) {
        lockByRaisingRevision(incidentId);
        return revision(incidentId);
    }

    private void lockByRaisingRevision(long incidentId) {
        if (incidents.raiseRevision(incidentId) == 0) {
            throw new RecordNotFoundException("Incident", IncidentKey.format(incidentId));
        }
    }

    // ---- helpers

    private static void checkOrder(Map<SummaryTime, Instant> times) {
        List<SummaryTime> wrong = TimeOrder.violations(times);
        if (!wrong.isEmpty()) {
            throw new ChangeRefusedException(wrong.get(0).field(), TimeOrder.messageCode(wrong.get(0), times));
        }
    }

    private User findUser(String field, String username) {
        return users.enabledByUsername(username)
                .orElseThrow(() -> new ChangeRefusedException(field, "incident.user.unknown"));
    }

    /** The enabled accounts these usernames name, each once; an unknown one is refused naming it. */
    private Set<User> findResponders(List<String> usernames) {
        Set<User> found = new LinkedHashSet<>();
        for (String username : usernames == null ? List.<String>of() : usernames) {
            found.add(users.enabledByUsername(username).orElseThrow(() -> new ChangeRefusedException("responders",
                    "incident.responder.unknown", username == null ? "" : username.strip())));
        }
        return found;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** Key, title and severity of one incident (from the persistence context when it is already loaded). */
    @Transactional(readOnly = true)
    public IncidentLabel label(long incidentId) {
        Incident i = incidents.findById(incidentId).orElseThrow(() -> new RecordNotFoundException("incident", incidentId));
        return new IncidentLabel(i.getId(), i.getTitle(), i.getSeverity());
    }

    /** Key, title and severity of several incidents by id, in one query. */
    @Transactional(readOnly = true)
    public java.util.Map<Long, IncidentLabel> labels(java.util.Collection<Long> incidentIds) {
        if (incidentIds.isEmpty()) {
            return java.util.Map.of();
        }
        return incidents.findLabels(java.util.Set.copyOf(incidentIds)).stream()
                .collect(java.util.stream.Collectors.toMap(IncidentLabel::id, l -> l));
    }
}
