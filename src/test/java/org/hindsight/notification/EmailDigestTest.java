package org.hindsight.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.hindsight.action.ActionStatus;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Digests against a real SMTP server: each owner's daily digest arrives once a day at 09:00 in their own zone with
 * exactly their open items that are overdue or due within 3 days; opted-out accounts and accounts without an address
 * get none; managers get the weekly digest on Mondays; two job runs and two workers at once send each digest once;
 * a digest that meets a dead SMTP server is delivered once the server is back, once.
 */
class EmailDigestTest extends EmailTestBase {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    @Autowired
    DigestJob job;

    @Autowired
    EmailPreferences preferences;

    @Autowired
    MeterRegistry meters;

    @Test
    void eachOwnerGetsOneDailyDigestAtNineInTheirZoneWithTheirDueItems() throws Exception {
        CLOCK.set(Instant.parse("2046-03-05T16:59:00Z")); // LA 08:59 on the 5th, Tokyo 01:59 on the 6th
        HindsightUser manager = users.create("digest-mgr", Role.MANAGER);
        HindsightUser la = users.create("digest-la", LOS_ANGELES, Role.RESPONDER);
        HindsightUser tokyo = users.create("digest-tokyo", TOKYO, Role.RESPONDER);
        HindsightUser other = users.create("digest-other", Role.RESPONDER);
        String key = incident(manager, "Checkout <b>down</b> & out");
        item(manager, key, "Overdue <script>x</script> alert", la, LocalDate.parse("2046-03-04"), ActionStatus.OPEN);
        item(manager, key, "Due in three days", la, LocalDate.parse("2046-03-08"), ActionStatus.IN_PROGRESS);
        item(manager, key, "Due in four days", la, LocalDate.parse("2046-03-09"), ActionStatus.OPEN);
        item(manager, key, "Done long ago", la, LocalDate.parse("2046-03-01"), ActionStatus.DONE);
        item(manager, key, "Someone else's", other, LocalDate.parse("2046-03-04"), ActionStatus.OPEN);
        item(manager, key, "Tokyo today", tokyo, LocalDate.parse("2046-03-06"), ActionStatus.OPEN);

        runAndSend();
        assertThat(to(email(la))).isEmpty();
        assertThat(to(email(tokyo))).isEmpty();

        CLOCK.set(Instant.parse("2046-03-05T17:00:00Z")); // 09:00 in LA
        runAndSend();
        assertThat(to(email(la))).hasSize(1);
        assertThat(to(email(tokyo))).isEmpty();
        MimeMessage digest = to(email(la)).get(0);
        assertThat(digest.getSubject()).isEqualTo("Hindsight: 1 action item overdue, 1 due within 3 days");
        assertThat(digest.getFrom()[0].toString()).contains("hindsight@example.org");
        MimeMultipart parts = (MimeMultipart) digest.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        String text = body(parts, "text/plain");
        String html = body(parts, "text/html");
        assertThat(text).contains(key + " Checkout <b>down</b> & out: Overdue <script>x</script> alert",
                "due 2046-03-04 (overdue by 1 day) https://hindsight.example.com/incidents/" + key,
                "Due in three days", "due 2046-03-08 (due in 3 days)")
                .doesNotContain("Due in four days", "Done long ago", "Someone else's", "Tokyo today");
        assertThat(html).contains("Checkout &lt;b&gt;down&lt;/b&gt; &amp; out", "Overdue &lt;script&gt;x&lt;/script&gt; alert",
                "href=\"https://hindsight.example.com/incidents/" + key + "\"", "2046-03-04")
                .doesNotContain("<script>", "<b>down", "Due in four days", "Someone else's");

        CLOCK.advance(Duration.ofMinutes(10)); // a later run the same day sends nothing again
        runAndSend();
        assertThat(to(email(la))).hasSize(1);

        CLOCK.set(Instant.parse("2046-03-06T00:00:00Z")); // 09:00 in Tokyo on the 6th, 16:00 in LA on the 5th
        runAndSend();
        assertThat(to(email(tokyo))).hasSize(1);
        assertThat(body((MimeMultipart) to(email(tokyo)).get(0).getContent(), "text/plain"))
                .contains("Tokyo today", "due 2046-03-06 (due today)").doesNotContain("Overdue <script>");
        assertThat(to(email(la))).hasSize(1);
        assertThat(to(email(other))).hasSize(1); // theirs (UTC) was due at 09:00 UTC on the 5th already

        CLOCK.set(Instant.parse("2046-03-06T17:00:00Z")); // the next day in LA
        runAndSend();
        assertThat(to(email(la))).hasSize(2);
        assertThat(to(email(tokyo))).hasSize(1);
        assertThat(to(email(manager))).as("a Monday's weekly digest was for the 5th, 09:00 UTC").hasSize(1);
    }

    @Test
    void optedOutAccountsAndAccountsWithoutAnAddressGetNothing() throws Exception {
        CLOCK.set(Instant.parse("2046-03-07T08:00:00Z"));
        HindsightUser manager = users.create("digest-mgr", Role.MANAGER);
        HindsightUser out = users.create("digest-out", Role.RESPONDER);
        HindsightUser none = users.create("digest-none", Role.RESPONDER);
        HindsightUser in = users.create("digest-in", Role.RESPONDER);
        HindsightUser idle = users.create("digest-idle", Role.RESPONDER);
        jdbc.update("UPDATE app_user SET email = '' WHERE id = ?", none.getId());
        preferences.set(out.getId(), out.getUsername(), new EmailPreferences.Choice(false, true));
        String key = incident(manager, "Queue backlog");
        for (HindsightUser owner : List.of(out, none, in)) {
            item(manager, key, "Item of " + owner.getUsername(), owner, LocalDate.parse("2046-03-06"),
                    ActionStatus.OPEN);
        }
        CLOCK.set(Instant.parse("2046-03-07T09:00:00Z"));
        runAndSend();
        assertThat(to(email(in))).hasSize(1);
        assertThat(to(email(out))).isEmpty();
        assertThat(to(email(none))).isEmpty();
        assertThat(to(email(idle))).as("nothing due: no digest").isEmpty();
        assertThat(smtp.getReceivedMessages()).noneMatch(m -> recipient(m).isBlank());
    }

    @Test
    void managersGetTheWeeklyDigestOnMondaysWithOverdueItemsByOwnerAndTheBacklog() throws Exception {
        CLOCK.set(Instant.parse("2046-03-12T08:00:00Z")); // a Monday
        HindsightUser manager = users.create("weekly-mgr", Role.MANAGER);
        HindsightUser admin = users.create("weekly-admin", Role.ADMIN);
        HindsightUser responder = users.create("weekly-resp", Role.RESPONDER);
        HindsightUser ann = users.create("weekly-ann", Role.RESPONDER);
        HindsightUser bob = users.create("weekly-bob", Role.RESPONDER);
        preferences.set(admin.getId(), admin.getUsername(), new EmailPreferences.Choice(true, false));
        String key = incident(manager, "Disk full on db-3");
        item(manager, key, "Ann's first", ann, LocalDate.parse("2046-03-02"), ActionStatus.OPEN);
        item(manager, key, "Ann's second", ann, LocalDate.parse("2046-03-10"), ActionStatus.IN_PROGRESS);
        item(manager, key, "Bob's late one", bob, LocalDate.parse("2046-03-11"), ActionStatus.OPEN);
        item(manager, key, "Bob's finished one", bob, LocalDate.parse("2046-03-11"), ActionStatus.DONE);
        item(manager, key, "Not yet due", bob, LocalDate.parse("2046-03-12"), ActionStatus.OPEN);

        CLOCK.set(Instant.parse("2046-03-12T09:05:00Z"));
        runAndSend();
        List<MimeMessage> weekly = to(email(manager)).stream().filter(m -> header(m).equals("WEEKLY")).toList();
        assertThat(weekly).hasSize(1);
        assertThat(to(email(admin))).noneMatch(m -> header(m).equals("WEEKLY")); // opted out of the weekly one
        assertThat(to(email(responder))).isEmpty();
        String text = body((MimeMultipart) weekly.get(0).getContent(), "text/plain");
        assertThat(weekly.get(0).getSubject()).startsWith("Hindsight weekly: ");
        assertThat(text).contains("Open action items: ", "2046-03-12  ", "2046-02-12  ",
                "Test " + ann.getUsername() + " (2)\n- " + key + " Disk full on db-3: Ann's first\n"
                        + "  due 2046-03-02 (overdue by 10 days)",
                "Ann's second", "Test " + bob.getUsername() + " (1)", "Bob's late one")
                .doesNotContain("Bob's finished one", "Not yet due");
        assertThat(body((MimeMultipart) weekly.get(0).getContent(), "text/html")).contains("<table", "Ann&#39;s first");

        CLOCK.set(Instant.parse("2046-03-13T09:05:00Z")); // Tuesday: no weekly digest
        runAndSend();
        assertThat(to(email(manager)).stream().filter(m -> header(m).equals("WEEKLY"))).hasSize(1);
    }

    @Test
    void twoRunsAndTwoWorkersAtOnceSendEachDigestOnce() throws Exception {
        CLOCK.set(Instant.parse("2046-03-14T08:00:00Z"));
        HindsightUser manager = users.create("twice-mgr", Role.MANAGER);
        String key = incident(manager, "Twice");
        List<HindsightUser> owners = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            HindsightUser owner = users.create("twice-" + i, Role.RESPONDER);
            owners.add(owner);
            item(manager, key, "Item " + i, owner, LocalDate.parse("2046-03-15"), ActionStatus.OPEN);
        }
        CLOCK.set(Instant.parse("2046-03-14T09:00:00Z"));
        // two runs without the lock (the key alone decides) and one through it, at the same moment
        together(job::decide, job::decide, () -> {
            job.run();
            return 0;
        });
        together(worker::deliverDue, worker::deliverDue);
        runAndSend();
        for (HindsightUser owner : owners) {
            assertThat(to(email(owner))).as(owner.getUsername()).hasSize(1);
        }
        for (HindsightUser owner : owners) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM email_attempt a JOIN email_delivery d"
                    + " ON d.id = a.delivery_id WHERE d.user_id = ?", Integer.class, owner.getId())).isEqualTo(1);
        }
    }

    @Test
    void aDigestThatMeetsADeadServerIsSentOnceItIsBack() throws Exception {
        CLOCK.set(Instant.parse("2046-03-16T08:00:00Z"));
        HindsightUser manager = users.create("down-mgr", Role.MANAGER);
        HindsightUser owner = users.create("down-owner", Role.RESPONDER);
        item(manager, incident(manager, "Mail outage"), "Check the relay", owner, LocalDate.parse("2046-03-16"),
                ActionStatus.OPEN);
        double retriesBefore = count("retry");
        double sentBefore = count("sent");
        stopServer();
        CLOCK.set(Instant.parse("2046-03-16T09:00:00Z"));
        job.run();
        worker.deliverDue();
        long id = jdbc.queryForObject("SELECT id FROM email_delivery WHERE user_id = ? AND kind = 'DAILY'", Long.class,
                owner.getId());
        assertThat(jdbc.queryForObject("SELECT state FROM email_delivery WHERE id = ?", String.class, id))
                .isEqualTo("PENDING");
        assertThat(jdbc.queryForObject("SELECT outcome FROM email_attempt WHERE delivery_id = ?", String.class, id))
                .isEqualTo("RETRY");
        assertThat(count("retry")).isGreaterThan(retriesBefore);

        startServer();
        worker.deliverDue(); // not due again for a minute
        assertThat(to(email(owner))).isEmpty();
        CLOCK.advance(Duration.ofMinutes(1));
        runAndSend();
        assertThat(to(email(owner))).hasSize(1);
        CLOCK.advance(Duration.ofHours(3));
        runAndSend();
        assertThat(to(email(owner))).hasSize(1);
        assertThat(jdbc.queryForList("SELECT outcome FROM email_attempt WHERE delivery_id = ? ORDER BY number",
                String.class, id)).containsExactly("RETRY", "SENT");
        assertThat(count("sent")).isGreaterThan(sentBefore);
    }

    // ---- helpers

    private void runAndSend() {
        job.run();
        worker.deliverDue();
    }

    private double count(String outcome) {
        var counter = meters.find("hindsight.email.deliveries").tag("kind", "daily").tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** Runs the calls on threads of their own, all starting at the same moment; answers their results. */
    @SafeVarargs
    static List<Integer> together(Callable<Integer>... calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> call : calls) {
                results.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Integer> values = new ArrayList<>();
            for (Future<Integer> result : results) {
                values.add(result.get(60, TimeUnit.SECONDS));
            }
            return values;
        } finally {
            threads.shutdownNow();
        }
    }

    static String body(MimeMultipart parts, String type) throws Exception {
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getContentType().startsWith(type)) {
                return part.getContent().toString().replace("\r\n", "\n");
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static String header(MimeMessage message) {
        try {
            String[] values = message.getHeader("X-Hindsight-Email");
            return values == null ? "" : values[0];
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients() == null ? "" : message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
