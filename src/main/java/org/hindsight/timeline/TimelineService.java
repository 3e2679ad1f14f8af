package org.hindsight.timeline;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.hindsight.incident.IncidentCommands.KeyMomentOutcome;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatusChanged;
import org.hindsight.incident.ResponderJoined;
import org.hindsight.incident.SummaryTime;
import org.hindsight.incident.SummaryTimes;
import org.hindsight.system.Audited;
import org.hindsight.system.ChangeForbiddenException;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.MarkdownRenderer;
import org.hindsight.system.RecordNotFoundException;
import org.hindsight.timeline.PostBatches.Outcome;
import org.hindsight.timeline.TimelineViews.Changes;
import org.hindsight.timeline.TimelineViews.HistoryEntry;
import org.hindsight.timeline.TimelineViews.Posted;
import org.hindsight.timeline.TimelineViews.Timeline;
import org.hindsight.timeline.TimelineViews.TimelineRow;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.User;
import org.hindsight.user.UserDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The timeline of an incident. Every change raises the incident's revision inside its transaction (holding
 * the incident's row lock until commit), and stores that revision on the event: live views ask for
 * "everything after revision n" and can neither miss nor repeat a change, on any number of app instances.
 */
@Service
@Transactional
public class TimelineService {

    private final TimelineEventRepository events;
    private final TimelineEventRevisionRepository revisions;
    private final IncidentService incidents;
    private final SummaryTimes summaryTimes;
    private final UserDirectory users;
    private final MarkdownRenderer markdown;
    private final MessageSource messages;
    private final StatusChangeText statusText;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;
    private final PostBatches batches;
    static final String AUDITED = "timeline event";

    TimelineService(TimelineEventRepository events, TimelineEventRevisionRepository revisions,
            IncidentService incidents, SummaryTimes summaryTimes, UserDirectory users, MarkdownRenderer markdown,
            MessageSource messages, StatusChangeText statusText, Clock clock, ApplicationEventPublisher publisher,
            PostBatches batches) {
        this.publisher = publisher;
        this.batches = batches;
        this.events = events;
        this.revisions = revisions;
        this.incidents = incidents;
        this.summaryTimes = summaryTimes;
        this.users = users;
        this.markdown = markdown;
        this.messages = messages;
        this.statusText = statusText;
        this.clock = clock;
    }

    /** A new event. {@code at} null means now; {@code replaceSummaryTimes}: the user confirmed changing set times. */
    public record NewEvent(String text, Instant at, EventKind kind, Set<KeyMoment> keyMoments,
            boolean replaceSummaryTimes) {
    }

    /** An event that no person wrote (an alert): no author; its key moments set summary times not set yet. */
    public record RecordedEvent(String text, Instant at, EventKind kind, Set<KeyMoment> keyMoments) {
    }

    /** A change to an event; {@code version} is the one the editor started from. */
    public record EventChange(String text, Instant at, EventKind kind, Set<KeyMoment> keyMoments, long version) {
    }

    // ---- writing

    /**
     * Logs an event: any responder may, on any incident, and stays what they were (logging does not join). Key
     * moments set summary times, so an event carrying them needs one who may change the incident
     * ({@link IncidentService#canEdit}), else {@link ChangeForbiddenException} naming {@code tags}.
     * Checks that need no lock happen first. Outside a transaction (a page or the API) the post is written together
     * with the other posts to the incident waiting at that moment ({@link PostBatches}): one revision, one lock, one
     * commit for all of them; it returns once that commit is done. Inside a caller's transaction (an import, the
     * example data) it is written there. The answer carries no rendered Markdown: pages render it after the commit,
     * the API never needs it.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Posted post(HindsightUser author, long incidentId, NewEvent event) {
        if (!IncidentService.canLog(author)) {
            throw new AccessDeniedException("Responders log timeline events");
        }
        var pending = new PostBatches.Pending(author, new NewEvent(checkedText(event.text()), event.at(),
                event.kind(), event.keyMoments() == null ? Set.of() : event.keyMoments(),
                event.replaceSummaryTimes()), clock.instant());
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            Outcome outcome = write(incidentId, List.of(pending)).get(0);
            if (outcome.refused() != null) {
                throw outcome.refused();
            }
            return outcome.posted();
        }
        return batches.submit(incidentId, pending, this::write);
    }

    /**
     * Writes posts to one incident in the current transaction, in order, under one raise of its revision (the
     * incident's row lock, held until commit); one outcome per post. Each is written as its author and through its
     * request (whatever reads them while it is written: the audit trail, the summary times' audit, the key moments'
     * announcement). A post whose key moments its author may not set is refused on its own.
     */
    private List<Outcome> write(long incidentId, List<PostBatches.Pending> posts) {
        var raised = incidents.raiseRevisionReadingStart(incidentId); // the incident's lock, held until commit
        long revision = raised.revision();
        Instant[] start = {raised.startedAt()};
        Map<Long, Boolean> editors = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>(posts.size());
        for (PostBatches.Pending pending : posts) {
            outcomes.add(pending.asSubmitted(() -> writeOne(incidentId, pending, revision, start, editors)));
        }
        events.flush(); // the batch's events in one JDBC batch (ids from a sequence, V28); visible to SQL from here
        return outcomes;
    }

    /** One post of {@link #write}; {@code start} is the incident's start, which a START key moment may move. */
    private Outcome writeOne(long incidentId, PostBatches.Pending pending, long revision, Instant[] start,
            Map<Long, Boolean> editors) {
        HindsightUser author = pending.author;
        NewEvent event = pending.event;
        Set<KeyMoment> moments = event.keyMoments();
        // after the lock: a leave committed just before is seen
        if (!moments.isEmpty()
                && !editors.computeIfAbsent(author.getId(), id -> incidents.canEdit(author, incidentId))) {
            return new Outcome(null, new ChangeForbiddenException("tags", "timeline.keyMoments.joinFirst"));
        }
        Instant now = pending.receivedAt;
        // whole seconds: incidents are told to the minute, and a form's datetime field can show them exactly
        Instant at = (event.at() == null ? now : event.at()).truncatedTo(ChronoUnit.SECONDS);
        // a reference, not a read: the row below takes the author's names from the signed-in principal
        User user = users.reference(author.getId());
        TimelineEvent saved = events.save(new TimelineEvent(incidentId, at, user, event.text(),
                event.kind() == null ? EventKind.NOTE : event.kind(), moments, now, revision));
        KeyMomentOutcome outcome = summaryTimes.applyKeyMoments(incidentId, summaryTimes(moments), at,
                event.replaceSummaryTimes());
        // not flushed here: write() inserts the batch's events together
        publisher.publishEvent(Audited.created(AUDITED, String.valueOf(saved.getId()), incidentId,
                Map.of("event", audited(saved))));
        if (moments.contains(KeyMoment.START)) {
            start[0] = incidents.startedAt(incidentId); // a START key moment may just have moved the start
        }
        return new Outcome(new Posted(postedRow(saved, start[0], author), outcome, revision), null);
    }

    /**
     * Writes events that no person wrote (alerts), all in one revision of the incident, which is locked until
     * commit. Their key moments set the summary times that are not set yet; times already set are kept.
     */
    public void record(long incidentId, List<RecordedEvent> recorded) {
        if (recorded.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        long revision = incidents.raiseRevision(incidentId);
        for (RecordedEvent event : recorded) {
            Instant at = event.at().truncatedTo(ChronoUnit.SECONDS);
            Set<KeyMoment> moments = event.keyMoments() == null ? Set.of() : event.keyMoments();
            TimelineEvent saved = events.save(new TimelineEvent(incidentId, at, null, checkedText(event.text()),
                    event.kind() == null ? EventKind.NOTE : event.kind(), moments, now, revision));
            publisher.publishEvent(Audited.created(AUDITED, String.valueOf(saved.getId()), incidentId,
                    Map.of("event", audited(saved))));
            if (!moments.isEmpty()) {
                summaryTimes.applyKeyMoments(incidentId, summaryTimes(moments), at, false);
            }
        }
        events.flush();
    }

    /**
     * Changes an event: its author (while a responder) or anyone who may change the incident. The author alone
     * changes text and kind, but neither its key moments nor, when it carries some, its time (both set summary
     * times): {@link ChangeForbiddenException} naming {@code keyMoments} or {@code at}.
     */
    public KeyMomentOutcome edit(HindsightUser by, long incidentId, long eventId, EventChange change) {
        long revision = incidents.raiseRevision(incidentId); // the incident's lock first: all below reads fresh state
        TimelineEvent event = load(incidentId, eventId);
        boolean incidentEditor = incidents.canEdit(by, incidentId);
        requireMayEdit(by, event, incidentEditor);
        if (event.getVersion() != change.version()) {
            throw new EditConflictException(row(event, null, by, true, true));
        }
        String text = checkedText(change.text());
        Instant at = change.at().truncatedTo(ChronoUnit.SECONDS);
        Set<KeyMoment> moments = change.keyMoments() == null ? Set.of() : change.keyMoments();
        if (!incidentEditor) {
            if (!Set.copyOf(moments).equals(Set.copyOf(event.getKeyMoments()))) {
                throw new ChangeForbiddenException("keyMoments", "timeline.keyMoments.joinFirst");
            }
            if (!event.getKeyMoments().isEmpty() && !at.equals(event.getOccurredAt())) {
                throw new ChangeForbiddenException("at", "timeline.keyMoments.moveJoinFirst");
            }
        }
        // moments newly tagged, or all of them when the event moved in time, set the summary
        Set<KeyMoment> toApply = EnumSet.noneOf(KeyMoment.class);
        toApply.addAll(moments);
        if (at.equals(event.getOccurredAt())) {
            toApply.removeAll(event.getKeyMoments());
        }
        revisions.save(new TimelineEventRevision(event, clock.instant(), users.reference(by.getId())));
        Map<String, Object> before = fields(event);
        event.change(at, text, change.kind() == null ? event.getKind() : change.kind(), moments, revision);
        KeyMomentOutcome outcome = summaryTimes.applyKeyMoments(incidentId, summaryTimes(toApply), at, false);
        events.flush();
        publisher.publishEvent(Audited.changed(AUDITED, String.valueOf(eventId), incidentId, before, fields(event)));
        return outcome;
    }

    /**
     * Soft delete (or restore): the event stays, struck through for editors, hidden from other viewers. An event
     * carrying key moments only by those who may change the incident.
     */
    public void setDeleted(HindsightUser by, long incidentId, long eventId, boolean deleted) {
        long revision = incidents.raiseRevision(incidentId);
        TimelineEvent event = load(incidentId, eventId);
        boolean incidentEditor = incidents.canEdit(by, incidentId);
        requireMayEdit(by, event, incidentEditor);
        if (!incidentEditor && !event.getKeyMoments().isEmpty()) {
            throw new ChangeForbiddenException("keyMoments", "timeline.keyMoments.deleteJoinFirst");
        }
        if (event.isDeleted() == deleted) {
            return;
        }
        revisions.save(new TimelineEventRevision(event, clock.instant(), users.reference(by.getId())));
        event.setDeleted(deleted, revision);
        events.flush();
        publisher.publishEvent(Audited.happened(AUDITED, String.valueOf(eventId), incidentId,
                deleted ? Audited.DELETED : Audited.RESTORED));
    }

    /** What the audit trail keeps of a new event: one line, kind and time first. */
    private static String audited(TimelineEvent event) {
        return event.getKind() + " " + event.getOccurredAt() + ": " + event.getText();
    }

    /** What the audit trail compares of an edited event. */
    private static Map<String, Object> fields(TimelineEvent event) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("text", event.getText());
        fields.put("at", event.getOccurredAt());
        fields.put("kind", event.getKind());
        fields.put("keyMoments", Set.copyOf(event.getKeyMoments())); // a copy: the event's own set changes
        return fields;
    }

    /** Records each status move on the timeline, with who and when, in the same transaction. */
    @EventListener
    void onStatusChanged(IncidentStatusChanged moved) {
        long revision = incidents.raiseRevision(moved.incidentId());
        events.save(new TimelineEvent(moved.incidentId(), moved.at().truncatedTo(ChronoUnit.SECONDS),
                users.reference(moved.byUserId()), StatusChangeText.stored(moved.from(), moved.to()), EventKind.NOTE,
                Set.of(), moved.at(), revision).asStatusChange());
    }

    /** Records joining and leaving an incident on its timeline, in the same transaction, as a note by that user. */
    @EventListener
    void onResponderJoined(ResponderJoined change) {
        long revision = incidents.raiseRevision(change.incidentId());
        String text = messages.getMessage(change.joined() ? "timeline.responderJoined" : "timeline.responderLeft",
                new Object[] {MarkdownRenderer.escape(change.displayName())}, LocaleContextHolder.getLocale());
        events.save(new TimelineEvent(change.incidentId(), change.at().truncatedTo(ChronoUnit.SECONDS),
                users.reference(change.userId()), text, EventKind.NOTE, Set.of(), change.at(), revision));
    }

    // ---- reading

    /** The whole timeline in time order, without rendered Markdown: for the API and the exports. */
    @Transactional(readOnly = true)
    public Timeline timeline(HindsightUser viewer, long incidentId) {
        long revision = incidents.revision(incidentId);
        boolean editor = incidents.canEdit(viewer, incidentId);
        Instant start = incidents.startedAt(incidentId);
        List<TimelineRow> rows = events.findTimeline(incidentId, editor).stream()
                .map(e -> row(e, start, viewer, editor, false)).toList();
        return new Timeline(rows, revision, 0);
    }

    /**
     * The newest {@code size} events before event {@code beforeId} (null: the newest of all), in time order, for a
     * page that read the incident at {@code revision} (anything newer the rows include is simply sent again by the
     * live feed); {@code earlier} counts the events before the first row. Two index-backed statements at most.
     */
    @Transactional(readOnly = true)
    public Timeline window(HindsightUser viewer, long incidentId, long revision, Long beforeId, int size) {
        boolean editor = incidents.canEdit(viewer, incidentId);
        Instant start = incidents.startedAt(incidentId);
        var page = PageRequest.of(0, size + 1);
        List<TimelineEvent> found;
        if (beforeId == null) {
            found = events.findNewest(incidentId, editor, page);
        } else {
            TimelineEvent before = load(incidentId, beforeId);
            found = events.findNewestBefore(incidentId, editor, before.getOccurredAt(), before.getCreatedAt(),
                    before.getId(), page);
        }
        long earlier = 0;
        if (found.size() > size) {
            found = found.subList(0, size);
            TimelineEvent first = found.get(size - 1);
            earlier = events.countBefore(incidentId, editor, first.getOccurredAt(), first.getCreatedAt(),
                    first.getId());
        }
        List<TimelineRow> rows = new ArrayList<>(found.size());
        for (int i = found.size() - 1; i >= 0; i--) {
            rows.add(row(found.get(i), start, viewer, editor, true));
        }
        return new Timeline(rows, revision, earlier);
    }

    /** What changed after {@code since}; deleted events are included for editors and as removals for others. */
    @Transactional(readOnly = true)
    public Changes changesSince(HindsightUser viewer, long incidentId, long since) {
        long revision = incidents.revision(incidentId);
        if (revision <= since) {
            return new Changes(List.of(), revision);
        }
        boolean editor = incidents.canEdit(viewer, incidentId);
        Instant start = incidents.startedAt(incidentId);
        List<TimelineRow> rows = events.findChangedSince(incidentId, since).stream()
                .filter(e -> e.getRevision() <= revision)
                .map(e -> row(e, start, viewer, editor, true)).toList();
        return new Changes(rows, revision);
    }

    @Transactional(readOnly = true)
    public TimelineRow event(HindsightUser viewer, long incidentId, long eventId) {
        TimelineEvent event = load(incidentId, eventId);
        return row(event, incidents.startedAt(incidentId), viewer, incidents.canEdit(viewer, incidentId), true);
    }

    @Transactional(readOnly = true)
    public List<HistoryEntry> history(long incidentId, long eventId) {
        load(incidentId, eventId);
        return revisions.findHistory(eventId).stream()
                .map(r -> new HistoryEntry(r.getOccurredAt(), r.getText(), r.getKind(), r.getKeyMoments(),
                        r.isDeleted(), r.getReplacedAt(),
                        r.getReplacedBy() == null ? null : r.getReplacedBy().getDisplayName()))
                .toList();
    }

    // ---- helpers

    private TimelineEvent load(long incidentId, long eventId) {
        return events.findById(eventId).filter(e -> e.getIncidentId() == incidentId)
                .orElseThrow(() -> new RecordNotFoundException("Timeline event", eventId));
    }

    private static void requireMayEdit(HindsightUser by, TimelineEvent event, boolean incidentEditor) {
        if (!mayEdit(by, event, incidentEditor)) {
            throw new AccessDeniedException("Only the author or the incident's editors change an event");
        }
    }

    /** The author (while still a responder) or anyone who may edit the incident. */
    private static boolean mayEdit(HindsightUser viewer, TimelineEvent event, boolean incidentEditor) {
        if (viewer == null) {
            return false;
        }
        boolean author = event.getAuthor() != null && Objects.equals(event.getAuthor().getId(), viewer.getId());
        return incidentEditor || (author && IncidentService.canLog(viewer));
    }

    /** Who may edit it, but an event carrying key moments only those who may change the incident. */
    private static boolean mayDelete(HindsightUser viewer, TimelineEvent event, boolean incidentEditor) {
        return incidentEditor || (event.getKeyMoments().isEmpty() && mayEdit(viewer, event, false));
    }

    /** A row as the viewer sees it; {@code html}: with the text rendered (only where HTML is shown). */
    private TimelineRow row(TimelineEvent e, Instant incidentStart, HindsightUser viewer, boolean incidentEditor,
            boolean html) {
        User author = e.getAuthor();
        String text = e.isStatusChange() ? statusText.readable(e.getText()) : e.getText();
        return new TimelineRow(e.getId(), e.getOccurredAt(), author == null ? null : author.getDisplayName(),
                author == null ? null : author.getUsername(), text, html ? markdown.toHtml(text) : null,
                e.getKind(),
                e.getKeyMoments(), e.isDeleted(), e.getVersion() > 0,
                incidentStart != null && e.getOccurredAt().isBefore(incidentStart),
                mayEdit(viewer, e, incidentEditor), mayDelete(viewer, e, incidentEditor), e.getVersion(),
                e.isStatusChange(), e.getCreatedAt());
    }

    /** The row of an event just posted by {@code author} (who may edit it), named from the principal. */
    private static TimelineRow postedRow(TimelineEvent e, Instant incidentStart, HindsightUser author) {
        return new TimelineRow(e.getId(), e.getOccurredAt(), author.getDisplayName(), author.getUsername(), e.getText(),
                null, e.getKind(), e.getKeyMoments(), e.isDeleted(), e.getVersion() > 0,
                incidentStart != null && e.getOccurredAt().isBefore(incidentStart), true, true, e.getVersion(),
                e.isStatusChange(), e.getCreatedAt());
    }

    private static String checkedText(String text) {
        if (text == null || text.isBlank()) {
            throw new ChangeRefusedException("text", "timeline.text.required");
        }
        String stripped = text.strip();
        if (stripped.length() > TimelineEvent.MAX_TEXT) {
            throw new ChangeRefusedException("text", "timeline.text.tooLong");
        }
        return stripped;
    }

    private static List<SummaryTime> summaryTimes(Set<KeyMoment> moments) {
        return moments.stream().sorted().map(KeyMoment::summaryTime).toList();
    }
}
