package org.hindsight.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workers on their own, as in production (the other webhook tests call them): a change is sent right after its
 * commit without anyone asking, a delivery recorded without a nudge is found by the scheduled look, and a receiver
 * that hangs for 10 s neither delays the change (the API answers within its usual time) nor the other webhooks.
 */
@DatabaseTest
@TestPropertySource(properties = {"hindsight.webhooks.background=true", "hindsight.webhooks.poll-interval=300ms",
        "hindsight.webhooks.read-timeout=3s"})
class WebhookBackgroundTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    private WebhookCalls api;
    private Receiver receiver;
    private HindsightUser admin;
    private HindsightUser responder;

    @BeforeEach
    void setUp() throws Exception {
        jdbc.update("DELETE FROM webhook");
        api = new WebhookCalls(mvc, json);
        receiver = new Receiver();
        admin = users.create("hookbg-admin", Role.ADMIN);
        responder = users.create("hookbg-responder", Role.RESPONDER);
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        jdbc.update("DELETE FROM webhook");
    }

    @Test
    void aChangeIsSentRightAfterItsCommitWithoutAnyoneAsking() throws Exception {
        long id = api.webhook(admin, "on its own", receiver.url("/own"), "GENERIC", List.of("INCIDENT_DECLARED"),
                null).get("id").asLong();
        String key = api.declare(responder, "Sent on its own", "SEV2");
        await("the receiver got the declaration", Duration.ofSeconds(10), () -> receiver.received("/own").size() == 1);
        JsonNode body = json.readTree(receiver.received("/own").get(0).body());
        assertThat(body.get("incident").get("key").asString()).isEqualTo(key);
        await("the delivery is recorded as delivered", Duration.ofSeconds(10), () -> "DELIVERED".equals(
                jdbc.queryForObject("SELECT MAX(state) FROM webhook_delivery WHERE webhook_id = ?", String.class, id)));

        // a delivery no commit nudged (written here directly) is found by the scheduled look
        jdbc.update("INSERT INTO webhook_delivery (webhook_id, message_id, event, summary, body, state, attempts,"
                + " next_attempt_at, created_at) VALUES (?, 'f0000000-0000-0000-0000-000000000001', 'TEST', 'polled',"
                + " '{\"polled\":true}', 'PENDING', 0, ?, ?)", id, Instant.now().atOffset(ZoneOffset.UTC),
                Instant.now().atOffset(ZoneOffset.UTC));
        await("the poll sent it", Duration.ofSeconds(10), () -> receiver.received("/own").size() == 2);
        assertThat(receiver.received("/own").get(1).body()).isEqualTo("{\"polled\":true}");
        Thread.sleep(1000);
        assertThat(receiver.received("/own")).as("each once").hasSize(2);
    }

    @Test
    void aHangingReceiverDelaysNeitherTheChangeNorTheOtherWebhooks() throws Exception {
        receiver.delay("/hang", Duration.ofSeconds(10));
        long hanging = api.webhook(admin, "hangs", receiver.url("/hang"), "GENERIC", List.of("INCIDENT_DECLARED",
                "STATUS_CHANGED"), null).get("id").asLong();
        api.webhook(admin, "answers", receiver.url("/fine"), "SLACK", List.of("INCIDENT_DECLARED", "STATUS_CHANGED"),
                null);
        api.declare(responder, "Warm-up", "SEV4"); // the first request of a context is slower for reasons of its own
        await("the warm-up reached the hanging receiver", Duration.ofSeconds(10),
                () -> receiver.received("/hang").size() == 1);

        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            String key = api.declare(responder, "While the receiver hangs " + i, "SEV2");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("declaring").isLessThan(Duration.ofSeconds(1));
            started = System.nanoTime();
            api.patch(responder, key, java.util.Map.of("status", "IDENTIFIED"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("reading and changing the status")
                    .isLessThan(Duration.ofSeconds(1));
        }
        // the receiver that answers has every message although the other one holds senders for seconds
        await("the answering receiver got all 7", Duration.ofSeconds(5), () -> receiver.received("/fine").size() == 7);
        // the hanging receiver's first attempt is logged as such, to be tried again
        await("the hanging receiver's attempt is logged", Duration.ofSeconds(10), () -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id"
                        + " WHERE d.webhook_id = ? AND a.outcome = 'RETRY'", Integer.class, hanging) >= 1);
        assertThat(jdbc.queryForObject("SELECT a.error FROM webhook_attempt a JOIN webhook_delivery d"
                + " ON d.id = a.delivery_id WHERE d.webhook_id = ? AND a.outcome = 'RETRY' ORDER BY a.id"
                + " FETCH FIRST 1 ROWS ONLY", String.class, hanging)).startsWith("No answer within");
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + limit.toSeconds() + " s, still not: " + what);
            }
            Thread.sleep(50);
        }
    }
}
