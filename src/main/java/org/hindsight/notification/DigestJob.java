package org.hindsight.notification;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.hindsight.notification.MailOutbox.Kind;
import org.hindsight.user.Role;
import org.hindsight.user.UserDirectory;
import org.hindsight.user.UserDirectory.Account;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides the digests due: for every enabled account with an email address whose local time (in its own zone) has
 * passed {@link #SEND_AT} today, the daily digest (unless opted out), and on Mondays the weekly one for managers
 * and admins (unless opted out). Each digest is decided once per local day: its outbox row, written in its own
 * transaction, carries the key (account, kind, local date) under a unique constraint, so a second instance or a
 * second run meanwhile fails to insert it and sends nothing, and a restart finds it decided. Scheduled on one
 * instance at a time (ShedLock); without an SMTP server nothing is decided.
 */
@Component
class DigestJob {

    static final LocalTime SEND_AT = LocalTime.of(9, 0);
    private static final Logger log = LoggerFactory.getLogger(DigestJob.class);

    private final UserDirectory users;
    private final EmailPreferences preferences;
    private final DigestContent content;
    private final MailOutbox outbox;
    private final MailSetup setup;
    private final TransactionTemplate tx;
    private final java.time.Clock clock;

    DigestJob(UserDirectory users, EmailPreferences preferences, DigestContent content, MailOutbox outbox,
            MailSetup setup, PlatformTransactionManager transactions, java.time.Clock clock) {
        this.users = users;
        this.preferences = preferences;
        this.content = content;
        this.outbox = outbox;
        this.setup = setup;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Scheduled (one instance at a time): decides the digests due now. */
    @SchedulerLock(name = "email-digests", lockAtMostFor = "10m")
    public void run() {
        LockAssert.assertLocked();
        decide();
    }

    /**
     * The work itself, without the lock (tests run it on two threads at once to show that the key decides); answers
     * how many digests it recorded to be sent.
     */
    int decide() {
        if (!setup.enabled()) {
            return 0;
        }
        Instant now = clock.instant();
        Map<Long, EmailPreferences.Choice> choices = preferences.all();
        Map<LocalDate, Set<String>> decided = new HashMap<>();
        int recorded = 0;
        for (Account account : users.enabledAccounts()) {
            if (!account.hasEmail()) {
                continue;
            }
            ZonedDateTime local = now.atZone(account.zone());
            if (local.toLocalTime().isBefore(SEND_AT)) {
                continue;
            }
            LocalDate today = local.toLocalDate();
            Set<String> done = decided.computeIfAbsent(today, outbox::decided);
            EmailPreferences.Choice choice = choices.getOrDefault(account.id(), EmailPreferences.Choice.BOTH);
            if (choice.daily() && !done.contains(MailOutbox.key(account.id(), Kind.DAILY))) {
                recorded += record(Kind.DAILY, account, today);
            }
            if (choice.weekly() && today.getDayOfWeek() == DayOfWeek.MONDAY && account.has(Role.MANAGER)
                    && !done.contains(MailOutbox.key(account.id(), Kind.WEEKLY))) {
                recorded += record(Kind.WEEKLY, account, today);
            }
        }
        return recorded;
    }

    private int record(Kind kind, Account account, LocalDate today) {
        try {
            Boolean sent = tx.execute(status -> {
                MailTemplates.Rendered email = kind == Kind.DAILY ? content.daily(account, today)
                        : content.weekly(account, today);
                outbox.recordDigest(kind, account.id(), today, account.email().strip(), email);
                return email != null;
            });
            return Boolean.TRUE.equals(sent) ? 1 : 0;
        } catch (DataIntegrityViolationException e) {
            log.debug("The {} digest of {} for {} was decided meanwhile by another run", kind, account.username(),
                    today);
        } catch (DataAccessException e) {
            log.warn("The {} digest of {} for {} is not decided now (next run): {}", kind, account.username(), today,
                    e.getMessage());
        } catch (RuntimeException e) {
            log.error("The {} digest of {} for {} could not be made", kind, account.username(), today, e);
        }
        return 0;
    }
}
