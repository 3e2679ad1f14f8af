package org.hindsight.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.internet.MimeMessage;

import org.hindsight.HindsightApplication;
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
import org.hindsight.support.PostgresDatabase;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two whole application instances (two Spring contexts, each with its digest job and its email sender on, as in
 * production) on one database of their own (in-memory H2 shared by name, or a PostgreSQL database made for this
 * test in the PostgreSQL run) and one SMTP server (GreenMail), with one clock just past 09:00: both run their digest
 * job (through ShedLock, and without it, where only the database's key decides) and their senders at the same moment,
 * several times, on a Monday and a Tuesday. Each owner gets exactly one daily digest a day, the manager one weekly
 * digest, and each email was attempted once.
 */
@Tag("db")
class TwoInstancesEmailTest {

    private static final EmailTestBase.SettableClock CLOCK =
            new EmailTestBase.SettableClock(Instant.parse("2047-05-06T08:00:00Z"));
    private static final int OWNERS = 10;

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private PostgresDatabase postgres;
    private GreenMail smtp;
    private final String h2 = "two-instances-" + Long.toString(System.nanoTime(), 36);

    @AfterEach
    void stop() {
        if (postgres == null && !instances.isEmpty()) {
            instances.get(0).getBean(JdbcTemplate.class).execute("SHUTDOWN"); // the in-memory database goes
        }
        instances.forEach(ConfigurableApplicationContext::close);
        if (smtp != null) {
            smtp.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void twoInstancesSendEachDigestExactlyOnce() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        ConfigurableApplicationContext a = start("a");

        TestUsers users = a.getBean(TestUsers.class);
        HindsightUser manager = users.create("two-mgr", Role.MANAGER);
        String key = a.getBean(IncidentService.class).create(manager, new NewIncident("Two instances",
                Severity.SEV3, IncidentStatus.INVESTIGATING, CLOCK.instant().minus(Duration.ofDays(2)), null, null,
                null, List.of(), null));
        List<HindsightUser> owners = new ArrayList<>();
        for (int i = 0; i < OWNERS; i++) {
            HindsightUser owner = users.create("two-" + i, i % 2 == 0 ? ZoneId.of("UTC") : ZoneId.of("Europe/Lisbon"),
                    Role.RESPONDER);
            owners.add(owner);
            a.getBean(ActionItemService.class).create(manager, IncidentKey.parse(key).orElseThrow(),
                    new ActionFields("Item " + i, null, ActionType.CORRECTIVE, ActionCategory.values()[0],
                            owner.getUsername(), LocalDate.parse("2047-05-07"), ActionPriority.MEDIUM,
                            ActionStatus.OPEN, null, null, 0));
        }
        ConfigurableApplicationContext b = start("b");

        for (String morning : List.of("2047-05-06T09:00:01Z", "2047-05-07T09:00:01Z")) { // Lisbon is UTC+1 in May
            CLOCK.set(Instant.parse(morning));
            for (int round = 0; round < 4; round++) {
                EmailDigestTest.together(() -> job(a).decide(), () -> job(b).decide(), () -> locked(a), () -> locked(b),
                        () -> worker(a).deliverDue(), () -> worker(b).deliverDue());
            }
            awaitQuiet(a, b);
        }

        for (HindsightUser owner : owners) {
            List<MimeMessage> received = received(owner.getUsername() + "@example.com");
            assertThat(received).as(owner.getUsername()).hasSize(2);
            assertThat(received).allSatisfy(m -> assertThat(m.getSubject()).startsWith("Hindsight: "));
        }
        assertThat(received(manager.getUsername() + "@example.com")).as("Monday's weekly digest")
                .singleElement().satisfies(m -> assertThat(m.getSubject()).startsWith("Hindsight weekly: "));
        JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM email_delivery WHERE kind = 'DAILY' AND state = 'SENT'",
                Integer.class)).isEqualTo(2 * OWNERS);
        assertThat(jdbc.queryForList("SELECT d.id FROM email_delivery d WHERE d.state <> 'NOTHING' AND (SELECT"
                + " COUNT(*) FROM email_attempt t WHERE t.delivery_id = d.id) <> 1", Long.class))
                .as("every email attempted once, by one instance").isEmpty();
        int sent = jdbc.queryForObject("SELECT COUNT(*) FROM email_delivery WHERE state = 'SENT'", Integer.class);
        assertThat(smtp.getReceivedMessages()).hasSize(sent);
    }

    /** Starts an instance with its email on (job, sender and poller) on the shared database and SMTP server. */
    private ConfigurableApplicationContext start(String name) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.jmx.enabled=false", "--spring.application.name=hindsight-" + name,
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.getSmtp().getPort(),
                "--hindsight.email.from=hindsight@example.org", "--hindsight.email.background=true",
                "--hindsight.email.poll-interval=100ms"));
        args.addAll(database());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(HindsightApplication.class)
                .sources(TestUsers.class).profiles("test").registerShutdownHook(false)
                .initializers((GenericApplicationContext c) -> c.registerBean("twoInstancesClock", Clock.class,
                        () -> CLOCK, definition -> definition.setPrimary(true)))
                // arguments: they win over the system properties of the PostgreSQL run
                .run(args.toArray(String[]::new));
        instances.add(context);
        return context;
    }

    /** The datasource arguments: a new in-memory H2 database, or a new PostgreSQL one in the PostgreSQL run. */
    private List<String> database() {
        if (postgres == null && "postgres".equals(System.getProperty("hindsight.test.database"))) {
            postgres = PostgresDatabase.create(System.getProperty("hindsight.test.pg.url"),
                    System.getProperty("hindsight.test.pg.user", "postgres"),
                    System.getProperty("hindsight.test.pg.password", ""), "email_two");
        }
        if (postgres != null) {
            return List.of("--spring.datasource.url=" + postgres.url(),
                    "--spring.datasource.username=" + postgres.user(),
                    "--spring.datasource.password=" + postgres.password());
        }
        return List.of("--spring.datasource.url=jdbc:h2:mem:" + h2 + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                "--spring.datasource.username=sa", "--spring.datasource.password=");
    }

    private static DigestJob job(ConfigurableApplicationContext context) {
        return context.getBean(DigestJob.class);
    }

    private static MailWorker worker(ConfigurableApplicationContext context) {
        return context.getBean(MailWorker.class);
    }

    /** The job as the scheduler runs it: through its ShedLock lock (skipped while the other instance holds it). */
    private static int locked(ConfigurableApplicationContext context) {
        job(context).run();
        return 0;
    }

    /** Waits until neither instance's background sender has anything left to send. */
    private static void awaitQuiet(ConfigurableApplicationContext a, ConfigurableApplicationContext b)
            throws InterruptedException {
        JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (jdbc.queryForObject("SELECT COUNT(*) FROM email_delivery WHERE state = 'PENDING'", Integer.class) > 0
                && System.nanoTime() < deadline) {
            worker(a).deliverDue();
            worker(b).deliverDue();
            Thread.sleep(50);
        }
    }

    private List<MimeMessage> received(String address) {
        return java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
