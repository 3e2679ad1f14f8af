package org.hindsight.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks against a real HTTP receiver (the JDK's server on 127.0.0.1): each format's body has its receiver's
 * shape and stays within its limits, the signature verifies with the README's own code, retries follow the schedule
 * (the test clock moves through it) and end in exactly one delivered message, a refusal stops at once, the limit
 * gives up, and two workers never send one delivery twice.
 */
@DatabaseTest
@Import(WebhookClock.class)
class WebhookDeliveryTest {

    private static final List<String> ALL_EVENTS = List.of("INCIDENT_DECLARED", "SEVERITY_CHANGED", "STATUS_CHANGED",
            "KEY_MOMENT", "POSTMORTEM_PUBLISHED", "ACTION_ITEM_OVERDUE");

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DeliveryWorker worker;

    @Autowired
    MeterRegistry meters;

    private WebhookCalls api;
    private Receiver receiver;
    private HindsightUser admin;
    private HindsightUser manager;

    @BeforeEach
    void setUp() throws Exception {
        jdbc.update("DELETE FROM webhook");
        api = new WebhookCalls(mvc, json);
        receiver = new Receiver();
        admin = users.create("hook-admin", Role.ADMIN);
        manager = users.create("hook-manager", Role.MANAGER);
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        jdbc.update("DELETE FROM webhook");
    }

    // ---- formats

    @Test
    void eachFormatSendsWhatItsReceiverTakes() throws Exception {
        for (String format : List.of("SLACK", "MATTERMOST", "TEAMS", "DISCORD", "GENERIC")) {
            api.webhook(admin, "fmt-" + format, receiver.url("/" + format), format, ALL_EVENTS, null);
        }
        // a title with what each format must escape, and 200 characters in all
        String title = "<!channel> @everyone *Checkout* & [pay](x) _down_ \u2014 \uD83D\uDD25 ";
        title = title + "x".repeat(200 - title.length());
        String key = api.declare(manager, title, "SEV3");
        api.patch(manager, key, Map.of("severity", "SEV1"));
        api.patch(manager, key, Map.of("status", "MONITORING"));
        api.call(HttpMethod.POST, "/api/incidents/" + key + "/timeline", Map.of("text", "Rolled back",
                "tags", List.of("MITIGATED")), manager, 201);
        assertThat(worker.deliverDue()).isEqualTo(5 * 4);

        for (String format : List.of("SLACK", "MATTERMOST", "TEAMS", "DISCORD", "GENERIC")) {
            List<Receiver.Received> got = receiver.received("/" + format);
            assertThat(got).as(format).hasSize(4);
            assertThat(got).extracting(r -> r.header("X-Hindsight-Event")).containsExactlyInAnyOrder(
                    "INCIDENT_DECLARED", "SEVERITY_CHANGED", "STATUS_CHANGED", "KEY_MOMENT");
            for (Receiver.Received message : got) {
                assertThat(message.header("Content-Type")).startsWith("application/json");
                JsonNode body = json.readTree(message.body());
                switch (format) {
                    case "SLACK" -> slack(body, key);
                    case "MATTERMOST" -> mattermost(body, key);
                    case "TEAMS" -> teams(body, key);
                    case "DISCORD" -> discord(body, key);
                    default -> generic(body, key, message);
                }
            }
        }
        JsonNode status = json.readTree(receiver.received(r -> r.path().equals("/GENERIC")
                && r.header("X-Hindsight-Event").equals("STATUS_CHANGED")).get(0).body());
        assertThat(status.get("change").get("from").asString()).isEqualTo("INVESTIGATING");
        assertThat(status.get("change").get("to").asString()).isEqualTo("MONITORING");
        assertThat(status.get("text").asString()).isEqualTo("Status changed: Investigating \u2192 Monitoring");
        assertThat(status.get("actor").asString()).isEqualTo("Test " + manager.getUsername());
        JsonNode moment = json.readTree(receiver.received(r -> r.path().equals("/GENERIC")
                && r.header("X-Hindsight-Event").equals("KEY_MOMENT")).get(0).body());
        assertThat(moment.get("incident").get("mitigatedAt").asString()).isEqualTo(WebhookClock.CLOCK.instant()
                .toString());
        assertThat(moment.get("text").asString()).isEqualTo("Key moment: Mitigated at " + java.time.format
                .DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(WebhookClock.CLOCK.instant().atOffset(
                        java.time.ZoneOffset.UTC)) + " UTC");
    }

    private void slack(JsonNode body, String key) {
        assertThat(body.get("text").asString()).startsWith(key + ": ").doesNotContain("<!channel>")
                .contains("&lt;!channel&gt;").contains("&amp;").hasSizeLessThanOrEqualTo(3000);
        JsonNode blocks = body.get("blocks");
        assertThat(blocks.isArray()).isTrue();
        assertThat(blocks.size()).isBetween(1, 50);
        JsonNode section = blocks.get(0);
        assertThat(section.get("type").asString()).isEqualTo("section");
        assertThat(section.get("text").get("type").asString()).isEqualTo("mrkdwn");
        assertThat(section.get("text").get("text").asString()).startsWith("*<http://localhost/incidents/" + key + "|"
                + key + ": &lt;!channel&gt;").hasSizeLessThanOrEqualTo(3000);
        JsonNode context = blocks.get(1);
        assertThat(context.get("type").asString()).isEqualTo("context");
        assertThat(context.get("elements").get(0).get("type").asString()).isEqualTo("mrkdwn");
        assertThat(context.get("elements").get(0).get("text").asString()).contains("by Test ");
    }

    private void mattermost(JsonNode body, String key) {
        String text = body.get("text").asString();
        assertThat(text).startsWith("**[" + key + ": ").contains("](http://localhost/incidents/" + key + ")**")
                .contains("\\*Checkout\\*").doesNotContain("@everyone").contains("@\u2060everyone");
        assertThat(body.properties()).hasSize(1);
    }

    private void teams(JsonNode body, String key) {
        assertThat(body.get("type").asString()).isEqualTo("message");
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.get("content");
        assertThat(card.get("type").asString()).isEqualTo("AdaptiveCard");
        assertThat(card.get("$schema").asString()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        assertThat(card.get("version").asString()).isEqualTo("1.4");
        List<String> types = new ArrayList<>();
        card.get("body").forEach(element -> types.add(element.get("type").asString()));
        assertThat(types).containsExactly("TextBlock", "TextBlock", "FactSet");
        card.get("body").forEach(element -> {
            if (element.get("type").asString().equals("TextBlock")) {
                assertThat(element.get("text").isString()).isTrue();
            } else {
                element.get("facts").forEach(fact -> assertThat(fact.get("title").isString()
                        && fact.get("value").isString()).isTrue());
            }
        });
        JsonNode action = card.get("actions").get(0);
        assertThat(action.get("type").asString()).isEqualTo("Action.OpenUrl");
        assertThat(action.get("url").asString()).isEqualTo("http://localhost/incidents/" + key);
        assertThat(action.get("title").asString()).isEqualTo("Open " + key);
    }

    private void discord(JsonNode body, String key) {
        assertThat(body.get("content").asString()).startsWith("**" + key + "**").hasSizeLessThanOrEqualTo(2000);
        assertThat(body.get("allowed_mentions").get("parse").size()).isZero();
        JsonNode embeds = body.get("embeds");
        assertThat(embeds.size()).isBetween(1, 10);
        JsonNode embed = embeds.get(0);
        int total = 0;
        String title = embed.get("title").asString();
        assertThat(title).startsWith(key + ": ").hasSizeLessThanOrEqualTo(256);
        total += title.length();
        String description = embed.get("description").asString();
        assertThat(description).hasSizeLessThanOrEqualTo(4096);
        total += description.length();
        assertThat(embed.get("url").asString()).isEqualTo("http://localhost/incidents/" + key);
        assertThat(embed.get("color").isInt()).isTrue();
        assertThat(embed.get("fields").size()).isLessThanOrEqualTo(25);
        for (JsonNode field : embed.get("fields")) {
            assertThat(field.get("name").asString()).hasSizeLessThanOrEqualTo(256);
            assertThat(field.get("value").asString()).isNotBlank().hasSizeLessThanOrEqualTo(1024);
            total += field.get("name").asString().length() + field.get("value").asString().length();
        }
        String footer = embed.get("footer").get("text").asString();
        assertThat(footer).hasSizeLessThanOrEqualTo(2048);
        total += footer.length();
        assertThat(total).as("characters in the embed").isLessThanOrEqualTo(6000);
        assertThat(Instant.parse(embed.get("timestamp").asString())).isNotNull();
    }

    private void generic(JsonNode body, String key, Receiver.Received message) {
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("id").asString()).isEqualTo(message.header("X-Hindsight-Delivery"));
        assertThat(body.get("event").asString()).isEqualTo(message.header("X-Hindsight-Event"));
        assertThat(Instant.parse(body.get("occurredAt").asString())).isNotNull();
        JsonNode incident = body.get("incident");
        assertThat(incident.get("key").asString()).isEqualTo(key);
        assertThat(incident.get("title").asString()).hasSize(200).startsWith("<!channel>");
        assertThat(incident.get("severity").asString()).isIn("SEV1", "SEV3");
        assertThat(incident.get("status").asString()).isIn("INVESTIGATING", "MONITORING");
        assertThat(incident.get("url").asString()).isEqualTo("http://localhost/incidents/" + key);
        for (String time : List.of("startedAt", "detectedAt", "respondedAt", "identifiedAt", "mitigatedAt",
                "resolvedAt")) {
            assertThat(incident.has(time)).as(time).isTrue();
        }
        assertThat(Instant.parse(incident.get("startedAt").asString())).isNotNull();
        assertThat(body.has("change")).isTrue();
        assertThat(message.header("X-Hindsight-Signature")).matches("sha256=[0-9a-f]{64}");
        assertThat(message.header("X-Hindsight-Timestamp")).matches("\\d+");
    }

    // ---- the signature

    @Test
    void theSignatureVerifiesWithTheReadmeCode() throws Exception {
        JsonNode created = api.webhook(admin, "signed", receiver.url("/signed"), "GENERIC",
                List.of("INCIDENT_DECLARED"), null);
        String secret = created.get("secret").asString();
        api.declare(manager, "Signed incident", "SEV2");
        worker.deliverDue();
        Receiver.Received message = receiver.received("/signed").get(0);
        byte[] body = message.body().getBytes(StandardCharsets.UTF_8);
        String timestamp = message.header("X-Hindsight-Timestamp");
        String signature = message.header("X-Hindsight-Signature");
        assertThat(Long.parseLong(timestamp)).isEqualTo(WebhookClock.CLOCK.instant().getEpochSecond());

        ReadmeVerifier readme = ReadmeVerifier.compile();
        long now = Long.parseLong(timestamp) + 10;
        assertThat(readme.verify(secret, timestamp, body, signature, now)).as("the message as received").isTrue();
        byte[] tampered = message.body().replace("Signed incident", "Signed incidenT")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(readme.verify(secret, timestamp, tampered, signature, now)).as("another body").isFalse();
        assertThat(readme.verify(secret + "x", timestamp, body, signature, now)).as("another secret").isFalse();
        assertThat(readme.verify(secret, Long.toString(Long.parseLong(timestamp) - 1), body, signature, now))
                .as("another timestamp").isFalse();
        assertThat(readme.verify(secret, timestamp, body, signature, now + 3600)).as("an old message").isFalse();
        assertThat(readme.verify(secret, timestamp, body, null, now)).as("no signature").isFalse();

        // the README's Python snippet agrees (where Python is installed), on a timestamp of now
        long realNow = Instant.now().getEpochSecond();
        ReadmeVerifier.python(secret, Long.toString(realNow), body, Signatures.sign(secret, realNow, body), true);
        ReadmeVerifier.python(secret, Long.toString(realNow), tampered, Signatures.sign(secret, realNow, body), false);
    }

    // ---- retries

    @Test
    void aReceiverFailingThreeTimesGetsTheMessageExactlyOnce() throws Exception {
        receiver.answer("/flaky", 500, 500, 500, 200);
        long id = api.webhook(admin, "flaky", receiver.url("/flaky"), "GENERIC", List.of("INCIDENT_DECLARED"), null)
                .get("id").asLong();
        double deliveredBefore = count("GENERIC", "delivered");
        double retriesBefore = count("GENERIC", "retry");
        Instant recorded = WebhookClock.CLOCK.instant();
        api.declare(manager, "Flaky receiver", "SEV2");

        assertThat(worker.deliverDue()).isEqualTo(1);
        JsonNode delivery = api.deliveries(admin, id).get(0);
        assertThat(delivery.get("state").asString()).isEqualTo("PENDING");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("lastStatus").asInt()).isEqualTo(500);
        assertThat(delivery.get("lastError").asString()).isEqualTo("HTTP 500: no_service");
        assertThat(Instant.parse(delivery.get("nextAttemptAt").asString())).isEqualTo(recorded.plusSeconds(60));
        assertThat(worker.deliverDue()).as("not due yet").isZero();

        WebhookClock.advance(Duration.ofMinutes(1));
        assertThat(worker.deliverDue()).isEqualTo(1);
        assertThat(Instant.parse(api.deliveries(admin, id).get(0).get("nextAttemptAt").asString()))
                .isEqualTo(WebhookClock.CLOCK.instant().plus(Duration.ofMinutes(5)));
        WebhookClock.advance(Duration.ofMinutes(5));
        assertThat(worker.deliverDue()).isEqualTo(1);
        assertThat(Instant.parse(api.deliveries(admin, id).get(0).get("nextAttemptAt").asString()))
                .isEqualTo(WebhookClock.CLOCK.instant().plus(Duration.ofMinutes(30)));
        WebhookClock.advance(Duration.ofMinutes(30));
        assertThat(worker.deliverDue()).isEqualTo(1);

        delivery = api.deliveries(admin, id).get(0);
        assertThat(delivery.get("state").asString()).isEqualTo("DELIVERED");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
        assertThat(delivery.get("lastStatus").asInt()).isEqualTo(200);
        assertThat(delivery.get("lastError").isNull()).isTrue();
        assertThat(delivery.get("nextAttemptAt").isNull()).isTrue();
        List<String> outcomes = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        delivery.get("attemptLog").forEach(a -> {
            outcomes.add(a.get("outcome").asString());
            statuses.add(a.get("httpStatus").asInt());
        });
        assertThat(outcomes).containsExactly("RETRY", "RETRY", "RETRY", "DELIVERED");
        assertThat(statuses).containsExactly(500, 500, 500, 200);

        WebhookClock.advance(Duration.ofHours(3));
        assertThat(worker.deliverDue()).as("nothing more to send").isZero();
        List<Receiver.Received> got = receiver.received("/flaky");
        assertThat(got).hasSize(4);
        assertThat(got).extracting(Receiver.Received::body).containsOnly(got.get(0).body());
        assertThat(got).extracting(r -> r.header("X-Hindsight-Delivery")).containsOnly(
                got.get(0).header("X-Hindsight-Delivery"));
        assertThat(count("GENERIC", "delivered") - deliveredBefore).isEqualTo(1);
        assertThat(count("GENERIC", "retry") - retriesBefore).isEqualTo(3);
        String metrics = mvc.perform(get("/actuator/prometheus").with(user(admin))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(metrics).contains("hindsight_webhook_deliveries_total{format=\"GENERIC\",outcome=\"delivered\"}")
                .contains("hindsight_webhook_deliveries_total{format=\"GENERIC\",outcome=\"retry\"}");
    }

    @Test
    void aReceiverThatRefusesIsNotAskedAgainButOneThatIsBusyIs() throws Exception {
        receiver.answer("/gone", 404);
        receiver.answer("/busy", 429, 408);
        long gone = api.webhook(admin, "gone", receiver.url("/gone"), "SLACK", List.of("INCIDENT_DECLARED"), null)
                .get("id").asLong();
        long busy = api.webhook(admin, "busy", receiver.url("/busy"), "DISCORD", List.of("INCIDENT_DECLARED"), null)
                .get("id").asLong();
        double failedBefore = count("SLACK", "failed");
        api.declare(manager, "Refused", "SEV3");
        worker.deliverDue();
        WebhookClock.advance(Duration.ofMinutes(1));
        worker.deliverDue();
        WebhookClock.advance(Duration.ofMinutes(5));
        worker.deliverDue();
        WebhookClock.advance(Duration.ofHours(25));
        worker.deliverDue();

        JsonNode refused = api.deliveries(admin, gone).get(0);
        assertThat(refused.get("state").asString()).isEqualTo("FAILED");
        assertThat(refused.get("attempts").asInt()).isEqualTo(1);
        assertThat(refused.get("lastStatus").asInt()).isEqualTo(404);
        assertThat(receiver.received("/gone")).hasSize(1);
        assertThat(count("SLACK", "failed") - failedBefore).isEqualTo(1);

        JsonNode delivered = api.deliveries(admin, busy).get(0);
        assertThat(delivered.get("state").asString()).isEqualTo("DELIVERED");
        assertThat(delivered.get("attempts").asInt()).isEqualTo(3);
        assertThat(receiver.received("/busy")).hasSize(3);
    }

    @Test
    void aReceiverThatNeverTakesItIsGivenUpAfter24Hours() throws Exception {
        long id = api.webhook(admin, "down", receiver.url("/down"), "GENERIC", List.of("INCIDENT_DECLARED"), null)
                .get("id").asLong();
        for (int i = 0; i < 30; i++) {
            receiver.answer("/down", 503);
        }
        Instant recorded = WebhookClock.CLOCK.instant();
        api.declare(manager, "Nobody listens", "SEV4");
        List<Instant> attempts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            attempts.add(WebhookClock.CLOCK.instant());
            assertThat(worker.deliverDue()).isEqualTo(1);
            JsonNode delivery = api.deliveries(admin, id).get(0);
            if (!delivery.get("state").asString().equals("PENDING")) {
                break;
            }
            WebhookClock.at(Instant.parse(delivery.get("nextAttemptAt").asString()));
        }
        JsonNode delivery = api.deliveries(admin, id).get(0);
        assertThat(delivery.get("state").asString()).isEqualTo("FAILED");
        assertThat(delivery.get("lastError").asString()).contains("given up: not delivered within 24 h");
        // 1 min, 5 min, 30 min, 2 h, then every 2 h while the next attempt falls within 24 h of the change
        List<Duration> waits = new ArrayList<>();
        for (int i = 1; i < attempts.size(); i++) {
            waits.add(Duration.between(attempts.get(i - 1), attempts.get(i)));
        }
        assertThat(waits.subList(0, 4)).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofHours(2));
        assertThat(waits.subList(4, waits.size())).containsOnly(Duration.ofHours(2));
        assertThat(Duration.between(recorded, attempts.get(attempts.size() - 1)))
                .isLessThanOrEqualTo(Duration.ofHours(24)).isGreaterThan(Duration.ofHours(22));
        assertThat(delivery.get("attemptLog").size()).isEqualTo(attempts.size()).isEqualTo(15);
        assertThat(delivery.get("attemptLog").get(0).get("error").asString()).isEqualTo("HTTP 503: no_service");
    }

    // ---- several workers

    @Test
    void twoWorkersNeverSendTheSameDeliveryTwice() throws Exception {
        receiver.delay("/many", Duration.ofMillis(20));
        long id = api.webhook(admin, "many", receiver.url("/many"), "GENERIC", List.of("INCIDENT_DECLARED"), null)
                .get("id").asLong();
        int messages = 40;
        for (int i = 0; i < messages; i++) {
            api.call(HttpMethod.POST, "/api/webhooks/" + id + "/test", null, admin, 202);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Callable<Integer> work = () -> {
                start.await();
                return worker.deliverDue();
            };
            Future<Integer> first = threads.submit(work);
            Future<Integer> second = threads.submit(work);
            start.countDown();
            int sent = first.get(60, TimeUnit.SECONDS) + second.get(60, TimeUnit.SECONDS);
            assertThat(sent).isEqualTo(messages);
            assertThat(first.get()).as("both workers took part").isPositive();
            assertThat(second.get()).as("both workers took part").isPositive();
        } finally {
            threads.shutdownNow();
        }
        List<Receiver.Received> got = receiver.received("/many");
        Set<String> ids = new HashSet<>();
        got.forEach(r -> ids.add(r.header("X-Hindsight-Delivery")));
        assertThat(got).hasSize(messages);
        assertThat(ids).hasSize(messages);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_attempt a JOIN webhook_delivery d"
                + " ON d.id = a.delivery_id WHERE d.webhook_id = ?", Integer.class, id)).isEqualTo(messages);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery WHERE webhook_id = ?"
                + " AND state = 'DELIVERED' AND attempts = 1", Integer.class, id)).isEqualTo(messages);
    }

    private double count(String format, String outcome) {
        var counter = meters.find("hindsight.webhook.deliveries").tag("format", format).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
