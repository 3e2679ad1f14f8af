package org.hindsight.notification;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentKey;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The email tests' setup: a real SMTP server (GreenMail) on a port of its own in the test JVM, the application's
 * {@code spring.mail.*} pointing at it, and a clock the tests set (in 2046, ahead of every other test's time).
 */
@DatabaseTest
@Import(EmailClock.class)
abstract class EmailTestBase {

    static final int PORT = freePort();
    static final SettableClock CLOCK = new SettableClock(Instant.parse("2046-03-05T12:00:00Z"));
    static GreenMail smtp;

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> PORT);
        registry.add("hindsight.email.from", () -> "hindsight@example.org");
        registry.add("hindsight.base-url", () -> "https://hindsight.example.com");
    }

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    IncidentService incidents;

    @Autowired
    ActionItemService actions;

    @Autowired
    MailWorker worker;

    @BeforeEach
    void startSmtp() {
        startServer();
    }

    @AfterEach
    void stopSmtp() {
        stopServer();
    }

    static void startServer() {
        smtp = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    static void stopServer() {
        if (smtp != null) {
            smtp.stop();
            smtp = null;
        }
    }

    /** The messages the server received for this address. */
    static List<MimeMessage> to(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                Address[] recipients = m.getAllRecipients();
                return recipients != null && Arrays.stream(recipients).anyMatch(a -> a.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static String email(HindsightUser user) {
        return user.getUsername() + "@example.com";
    }

    /** A new incident declared by {@code by}; answers its key. */
    String incident(HindsightUser by, String title) {
        return incidents.create(by, new NewIncident(title, Severity.SEV2, IncidentStatus.INVESTIGATING,
                CLOCK.instant().minusSeconds(86_400 * 20), null, null, null, List.of(), null));
    }

    /** An action item of the incident owned by {@code owner}, due on {@code due}, with this status. */
    void item(HindsightUser by, String key, String title, HindsightUser owner, LocalDate due, ActionStatus status) {
        actions.create(by, IncidentKey.parse(key).orElseThrow(), new ActionFields(title, null, ActionType.CORRECTIVE,
                ActionCategory.values()[0], owner == null ? null : owner.getUsername(), due, ActionPriority.MEDIUM,
                status, null, null, 0));
    }

    /** A clock a test sets to any instant. */
    static final class SettableClock extends Clock {

        private final AtomicReference<Instant> now;

        SettableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        void advance(java.time.Duration duration) {
            now.updateAndGet(i -> i.plus(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
