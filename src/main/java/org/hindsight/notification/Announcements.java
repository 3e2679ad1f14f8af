package org.hindsight.notification;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.hindsight.incident.IncidentDeclared;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatusChanged;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.incident.KeyMomentsApplied;
import org.hindsight.incident.SeverityChanged;
import org.hindsight.postmortem.PostmortemPublished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns the other modules' events into notices for the webhooks that want them, recorded in the {@link Outbox}.
 * Each runs just before the changing transaction commits ({@code BEFORE_COMMIT}): in it, so the deliveries commit
 * or roll back with the change, and after all of the change is made, so the message shows the incident as the
 * change left it (an edit that moves severity and status at once shows both in each). An event of a transaction
 * that rolls back is never seen. Where no enabled webhook wants the event, nothing is read.
 */
@Component
class Announcements {

    private static final Logger log = LoggerFactory.getLogger(Announcements.class);

    private final Outbox outbox;
    private final IncidentService incidents;
    private final NoticeTexts texts;

    Announcements(Outbox outbox, IncidentService incidents, NoticeTexts texts) {
        this.outbox = outbox;
        this.incidents = incidents;
        this.texts = texts;
    }

    /** A declaration; not an incident recorded after the fact (declared resolved or later, as an import does). */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(IncidentDeclared declared) {
        announce(WebhookEvent.INCIDENT_DECLARED, declared.incidentId(), declared.at(), incident -> incident.status()
                .isActive() ? new Change(texts.text("notification.declared"), null, null, null) : null);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(SeverityChanged changed) {
        announce(WebhookEvent.SEVERITY_CHANGED, changed.incidentId(), changed.at(), incident -> new Change(
                texts.text("notification.severity", changed.from().name(), changed.to().name()), "severity",
                changed.from().name(), changed.to().name()));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(IncidentStatusChanged changed) {
        announce(WebhookEvent.STATUS_CHANGED, changed.incidentId(), changed.at(), incident -> new Change(
                texts.text("notification.status", texts.statusName(changed.from()), texts.statusName(changed.to())),
                "status", changed.from().name(), changed.to().name()));
    }

    /**
     * Key moments come from timeline posts, and posts to one incident may be written together by one thread, each as
     * its own author only while it is written: the actor is read now, the notice recorded just before the commit as
     * for the other changes.
     */
    @EventListener
    void on(KeyMomentsApplied applied) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return; // as a transactional listener would: nothing is announced outside a transaction
        }
        String actor = texts.actor();
        String names = applied.times().stream().map(texts::timeName).collect(Collectors.joining(", "));
        String fields = applied.times().stream().map(t -> t.field()).collect(Collectors.joining(","));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                announce(WebhookEvent.KEY_MOMENT, applied.incidentId(), applied.at(), actor, incident -> new Change(
                        texts.text(applied.times().size() == 1 ? "notification.keyMoment"
                                : "notification.keyMoments", names, texts.time(applied.value())),
                        fields, null, applied.value().toString()));
            }
        });
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(PostmortemPublished published) {
        announce(WebhookEvent.POSTMORTEM_PUBLISHED, published.incidentId(), published.at(), incident -> new Change(
                texts.text("notification.postmortem", published.version()), "postmortemVersion", null,
                Integer.toString(published.version())));
    }

    /** A headline and the change as the generic event names it; null: nothing to announce. */
    private record Change(String headline, String field, String from, String to) {
    }

    /**
     * Records the notice for the webhooks that want it. A failure of the database fails the change with it (its
     * transaction is lost anyway); any other failure (a mistake in making the message) is logged and the change is
     * saved without its messages: a notification never stops an incident from being changed.
     */
    private void announce(WebhookEvent event, long incidentId, Instant at,
            java.util.function.Function<IncidentDetails, Change> change) {
        announce(event, incidentId, at, null, change);
    }

    /** {@code actor}: who made the change, or null for the one signed in now. */
    private void announce(WebhookEvent event, long incidentId, Instant at, String actor,
            java.util.function.Function<IncidentDetails, Change> change) {
        try {
            record(event, incidentId, at, actor, change);
        } catch (DataAccessException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("The {} message of incident {} could not be made; the change is saved without it", event,
                    incidentId, e);
        }
    }

    private void record(WebhookEvent event, long incidentId, Instant at, String actor,
            java.util.function.Function<IncidentDetails, Change> change) {
        List<Webhook> subscribers = outbox.subscribers(event);
        if (subscribers.isEmpty()) {
            return;
        }
        IncidentDetails incident = incidents.details(incidentId);
        Change what = change.apply(incident);
        if (what == null) {
            return;
        }
        Notice notice = new Notice(event.name(), at, actor != null ? actor : texts.actor(), what.headline(),
                texts.facts(incident),
                what.field() == null ? null : new Notice.Change(what.field(), what.from(), what.to()), null,
                texts.incidentUrl(incident.key()));
        outbox.record(event, notice, subscribers);
    }
}
