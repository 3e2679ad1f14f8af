package org.hindsight.notification;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionViews.DueItem;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Announces open action items that became overdue (their due date has passed in the notification zone) to the
 * webhooks that want {@code ACTION_ITEM_OVERDUE}. Runs on one instance at a time (ShedLock's lock row), and each
 * item is announced once per due date: the {@code overdue_announcement} row, written in the transaction that
 * records its deliveries, is the idempotency key, so neither a second instance, a second run nor a restart
 * announces it again (a new due date may be). Items are looked at from {@value #LOOK_BACK_DAYS} days back, so a
 * check missed for a day or two still announces them, while turning the event on does not announce every item
 * that has been overdue for long.
 */
@Component
class OverdueAnnouncer {

    static final int LOOK_BACK_DAYS = 3;
    private static final Logger log = LoggerFactory.getLogger(OverdueAnnouncer.class);
    private static final String SEEN = "SELECT COUNT(*) FROM overdue_announcement WHERE action_item_id = ?"
            + " AND due_date = ?";
    /** The idempotency key: its primary key refuses a second row for the same item and due date. */
    private static final String MARK = "INSERT INTO overdue_announcement (action_item_id, due_date, announced_at)"
            + " VALUES (?, ?, ?)";

    private final ActionItemService actions;
    private final IncidentService incidents;
    private final Outbox outbox;
    private final NoticeTexts texts;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    OverdueAnnouncer(ActionItemService actions, IncidentService incidents, Outbox outbox, NoticeTexts texts,
            JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.actions = actions;
        this.incidents = incidents;
        this.outbox = outbox;
        this.texts = texts;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Looks for items that became overdue and announces each once; scheduled, and callable from tests. */
    @SchedulerLock(name = "webhooks-overdue-check", lockAtMostFor = "10m")
    public void announceOverdue() {
        LockAssert.assertLocked();
        if (outbox.subscribers(WebhookEvent.ACTION_ITEM_OVERDUE).isEmpty()) {
            return; // nothing is marked either: an event turned on later still announces the last days' items
        }
        LocalDate today = LocalDate.now(clock.withZone(texts.zone()));
        List<DueItem> due = actions.openDueBetween(today.minusDays(LOOK_BACK_DAYS), today.minusDays(1));
        for (DueItem item : due) {
            try {
                tx.executeWithoutResult(status -> announce(item));
            } catch (DataAccessException e) {
                // another check marked it at the same moment (the key decided), or the database failed: next time
                log.debug("Overdue action item {} not announced now: {}", item.id(), e.getMessage());
            } catch (RuntimeException e) {
                log.error("Overdue action item {} could not be announced", item.id(), e);
            }
        }
    }

    private void announce(DueItem item) {
        Integer seen = jdbc.queryForObject(SEEN, Integer.class, item.id(), item.dueDate());
        if (seen != null && seen > 0) {
            return; // announced already for this due date
        }
        jdbc.update(MARK, item.id(), item.dueDate(), Db.time(clock.instant()));
        IncidentDetails incident = incidents.details(item.incidentId());
        String owner = item.ownerName() == null ? texts.text("notification.unassigned") : item.ownerName();
        Notice notice = new Notice(WebhookEvent.ACTION_ITEM_OVERDUE.name(), clock.instant(),
                texts.text("notification.actor.system"), texts.text("notification.overdue", item.title(), owner,
                        item.dueDate().toString()), texts.facts(incident),
                new Notice.Change("actionItem", null, item.title()),
                new Notice.ItemFacts(item.id(), item.title(), item.ownerName(), item.dueDate()),
                texts.incidentUrl(incident.key()));
        outbox.record(WebhookEvent.ACTION_ITEM_OVERDUE, notice, outbox.subscribers(WebhookEvent.ACTION_ITEM_OVERDUE));
    }
}
