package org.hindsight.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;

import org.hindsight.action.ActionStatus;
import org.hindsight.support.SmtpResponder;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An SMTP server that refuses (GreenMail cannot, so a {@link SmtpResponder} on the email tests' port): a permanent
 * refusal (5xx) fails the email at its first attempt and it is never tried again; a temporary one (4xx) is tried
 * again after the retry delays (1 min, then 5 min) and the email is sent once the server takes it.
 */
class EmailRefusalTest extends EmailTestBase {

    @Autowired
    DigestJob job;

    private SmtpResponder responder;

    @AfterEach
    void stopResponder() {
        if (responder != null) {
            responder.close();
        }
    }

    @Test
    void aPermanentRefusalFailsTheEmailAtOnce() {
        long id = dueDigest("refused", Instant.parse("2046-04-03T08:00:00Z"), "550 5.7.1 Mailbox unavailable");
        worker.deliverDue();
        Map<String, Object> delivery = delivery(id);
        assertThat(delivery.get("state")).isEqualTo("FAILED");
        assertThat(delivery.get("attempts")).isEqualTo(1);
        assertThat(nextAttempt(id)).isNull();
        assertThat((String) delivery.get("last_error")).startsWith("SMTP 550: ").contains("Mailbox unavailable");
        assertThat(outcomes(id)).isEqualTo("FAILED");

        responder.reply("250 OK"); // even a server that would take it now is not tried again
        for (Duration later : new Duration[] {Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(3)}) {
            CLOCK.advance(later);
            worker.deliverDue();
        }
        assertThat(outcomes(id)).isEqualTo("FAILED");
        assertThat(delivery(id).get("state")).isEqualTo("FAILED");
        assertThat(responder.accepted()).isZero();
    }

    @Test
    void aTemporaryRefusalIsTriedAgainLaterUntilTheServerTakesIt() {
        long id = dueDigest("deferred", Instant.parse("2046-04-10T08:00:00Z"), "451 4.3.0 Try again later");
        worker.deliverDue();
        Map<String, Object> delivery = delivery(id);
        assertThat(delivery.get("state")).isEqualTo("PENDING");
        assertThat(delivery.get("attempts")).isEqualTo(1);
        assertThat((String) delivery.get("last_error")).startsWith("SMTP 451: ").contains("Try again later");
        assertThat(nextAttempt(id)).isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(1)));

        worker.deliverDue(); // not due yet
        assertThat(outcomes(id)).isEqualTo("RETRY");
        CLOCK.advance(Duration.ofMinutes(1));
        worker.deliverDue(); // refused again: the next wait is 5 minutes
        assertThat(outcomes(id)).isEqualTo("RETRY,RETRY");
        assertThat(nextAttempt(id))
                .isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(5)));

        responder.reply("250 OK");
        CLOCK.advance(Duration.ofMinutes(4));
        worker.deliverDue();
        assertThat(responder.accepted()).isZero();
        CLOCK.advance(Duration.ofMinutes(1));
        worker.deliverDue();
        assertThat(outcomes(id)).isEqualTo("RETRY,RETRY,SENT");
        assertThat(delivery(id).get("state")).isEqualTo("SENT");
        assertThat(responder.accepted()).isPositive();
        CLOCK.advance(Duration.ofHours(3));
        worker.deliverDue();
        assertThat(outcomes(id)).isEqualTo("RETRY,RETRY,SENT");
    }

    /**
     * An owner whose daily digest is due at 09:00 on the day of {@code morning}, decided while the SMTP server is a
     * responder answering MAIL FROM with {@code reply}; answers the digest's id.
     */
    private long dueDigest(String name, Instant morning, String reply) {
        stopServer();
        responder = SmtpResponder.start(PORT, reply);
        CLOCK.set(morning);
        HindsightUser manager = users.create(name + "-mgr", Role.MANAGER);
        HindsightUser owner = users.create(name + "-owner", Role.RESPONDER);
        item(manager, incident(manager, "Refused mail"), "Read the bounce", owner,
                LocalDate.ofInstant(morning, java.time.ZoneOffset.UTC), ActionStatus.OPEN);
        CLOCK.set(morning.plus(Duration.ofHours(1)));
        job.run();
        return jdbc.queryForObject("SELECT id FROM email_delivery WHERE user_id = ? AND kind = 'DAILY'", Long.class,
                owner.getId());
    }

    private Map<String, Object> delivery(long id) {
        return jdbc.queryForMap("SELECT state, attempts, last_error FROM email_delivery WHERE id = ?",
                id);
    }

    private Instant nextAttempt(long id) {
        OffsetDateTime next = jdbc.queryForObject("SELECT next_attempt_at FROM email_delivery WHERE id = ?",
                OffsetDateTime.class, id);
        return next == null ? null : next.toInstant();
    }

    /** The outcomes of the email's attempts in order, comma-separated. */
    private String outcomes(long id) {
        return String.join(",", jdbc.queryForList("SELECT outcome FROM email_attempt WHERE delivery_id = ?"
                + " ORDER BY number", String.class, id));
    }
}
