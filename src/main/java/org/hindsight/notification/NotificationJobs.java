package org.hindsight.notification;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The notification module's scheduled work, each calling its bean through Spring (so the overdue check takes its
 * ShedLock lock); none runs with {@code hindsight.webhooks.background=false} or, for email,
 * {@code hindsight.email.background=false} (the tests call them).
 */
@Component
class NotificationJobs {

    private final DeliveryWorker worker;
    private final OverdueAnnouncer overdue;
    private final WebhookProperties properties;
    private final MailWorker mail;
    private final DigestJob digests;
    private final EmailProperties email;

    NotificationJobs(DeliveryWorker worker, OverdueAnnouncer overdue, WebhookProperties properties, MailWorker mail,
            DigestJob digests, EmailProperties email) {
        this.worker = worker;
        this.overdue = overdue;
        this.properties = properties;
        this.mail = mail;
        this.digests = digests;
        this.email = email;
    }

    /** Every instance looks for due deliveries (claims keep each delivery to one of them). */
    @Scheduled(fixedDelayString = "${hindsight.webhooks.poll-interval}",
            initialDelayString = "${hindsight.webhooks.poll-interval}")
    void deliver() {
        worker.poll();
    }

    /** One instance at a time looks for action items that became overdue. */
    @Scheduled(fixedDelayString = "${hindsight.webhooks.overdue-check-interval}", initialDelayString = "PT1M")
    void overdue() {
        if (properties.background()) {
            overdue.announceOverdue();
        }
    }

    /** Finished deliveries are kept for a while (30 days), then forgotten; idempotent, so every instance may. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetOld() {
        if (properties.background()) {
            worker.forgetOld();
        }
    }

    /** One instance at a time decides the email digests due (09:00 in each user's zone). */
    @Scheduled(fixedDelayString = "${hindsight.email.digest-check-interval}", initialDelayString = "PT1M")
    void digests() {
        if (email.background()) {
            digests.run();
        }
    }

    /** Every instance sends the emails due (claims keep each email to one of them). */
    @Scheduled(fixedDelayString = "${hindsight.email.poll-interval}", initialDelayString = "${hindsight.email.poll-interval}")
    void mail() {
        mail.nudge();
    }

    /** Sent and failed emails are kept for a while (30 days), then forgotten. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetOldEmails() {
        if (email.background()) {
            mail.forgetOld();
        }
    }
}
