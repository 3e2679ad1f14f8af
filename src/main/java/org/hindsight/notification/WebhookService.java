package org.hindsight.notification;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.hindsight.incident.Severity;
import org.hindsight.notification.WebhookViews.AttemptView;
import org.hindsight.notification.WebhookViews.DeliveryPage;
import org.hindsight.notification.WebhookViews.DeliveryView;
import org.hindsight.notification.WebhookViews.WebhookView;
import org.hindsight.notification.WebhookViews.WithSecret;
import org.hindsight.system.Audited;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.RecordNotFoundException;
import org.hindsight.system.Sha256;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Webhooks, for admins: created (with a secret shown once), listed, changed, turned on and off, deleted, sent a
 * test message, and their delivery log read. Every change is announced to the audit trail ({@link Audited}) in its
 * transaction, the address without its path (it may hold the receiver's token) and never the secret.
 * <p>
 * The secret signs the messages (HMAC-SHA256), so the database keeps it as it is: a signing key cannot be stored
 * as a hash. It is 256 random bits, shown in the answer to the creation and nowhere else (pages, API reads, logs
 * and the audit trail show its first characters at most).
 */
@Service
@Transactional
public class WebhookService {

    static final String SECRET_PREFIX = "hsw_";
    private static final String AUDITED = "webhook";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookRepository webhooks;
    private final Outbox outbox;
    private final NoticeTexts texts;
    private final WebhookProperties properties;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    WebhookService(WebhookRepository webhooks, Outbox outbox, NoticeTexts texts, WebhookProperties properties,
            JdbcTemplate jdbc, Clock clock, ApplicationEventPublisher events) {
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.texts = texts;
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    // ---- settings

    /** Settings as typed or sent, checked ({@link WebhookSettings.Invalid} names each field that cannot be used). */
    WebhookSettings settings(String name, String url, String format, Collection<String> eventNames,
            Collection<String> severityNames) {
        return WebhookSettings.parse(name, url, format, eventNames, severityNames, properties.allowedHosts());
    }

    /** A new webhook; its secret is in the answer, once. */
    public WithSecret create(String name, String url, WebhookFormat format, Collection<WebhookEvent> eventSet,
            Collection<Severity> severitySet) {
        return create(settings(name, url, format.name(), eventSet.stream().map(Enum::name).toList(),
                severitySet.stream().map(Enum::name).toList()));
    }

    WithSecret create(WebhookSettings settings) {
        requireFreeName(settings.name(), null);
        String secret = newSecret();
        Webhook webhook = new Webhook(settings, secret, secret.substring(0, 8), clock.instant());
        try {
            webhooks.saveAndFlush(webhook);
        } catch (DataIntegrityViolationException e) {
            throw new ChangeRefusedException("name", "webhook.name.taken"); // created by another admin meanwhile
        }
        events.publishEvent(Audited.created(AUDITED, auditId(webhook), null, audited(webhook)));
        return new WithSecret(WebhookView.of(webhook), secret);
    }

    @Transactional(readOnly = true)
    public List<WebhookView> list() {
        return webhooks.findAllByOrderByNameAsc().stream().map(WebhookView::of).toList();
    }

    @Transactional(readOnly = true)
    public WebhookView get(long id) {
        return WebhookView.of(find(id));
    }

    /**
     * Changes settings and the enabled state; {@code version} is the one the admin started from, and a change made
     * by someone else since is an {@link EditConflictException}, not overwritten.
     */
    WebhookView update(long id, long version, WebhookSettings settings, boolean enabled) {
        Webhook webhook = find(id);
        if (webhook.getVersion() != version) {
            throw new EditConflictException(WebhookView.of(webhook));
        }
        requireFreeName(settings.name(), id);
        Map<String, Object> before = audited(webhook);
        webhook.apply(settings);
        webhook.setEnabled(enabled);
        try {
            webhooks.flush();
        } catch (DataIntegrityViolationException e) {
            throw new ChangeRefusedException("name", "webhook.name.taken");
        }
        events.publishEvent(Audited.changed(AUDITED, auditId(webhook), null, before, audited(webhook)));
        return WebhookView.of(webhook);
    }

    /** On or off; while off, nothing is recorded for it and its pending deliveries wait (24 hours at most). */
    public WebhookView setEnabled(long id, boolean enabled) {
        Webhook webhook = find(id);
        boolean was = webhook.isEnabled();
        webhook.setEnabled(enabled);
        webhooks.flush();
        events.publishEvent(Audited.changed(AUDITED, auditId(webhook), null, "enabled", was, enabled));
        return WebhookView.of(webhook);
    }

    /** Deletes the webhook with its delivery log; what was still pending is not sent. */
    public void delete(long id) {
        Webhook webhook = find(id);
        events.publishEvent(Audited.happened(AUDITED, auditId(webhook), null, Audited.DELETED));
        webhooks.delete(webhook);
        webhooks.flush();
    }

    /**
     * Records a test message for the webhook (whatever events it wants), delivered as any other: after the commit,
     * with retries, in its delivery log (while the webhook is off, it waits). Answers that delivery.
     */
    public DeliveryView sendTest(long id) {
        Webhook webhook = find(id);
        Notice notice = new Notice(Notice.TEST, clock.instant(), texts.actor(), texts.text("notification.test"), null,
                null, null, texts.baseUrl() + "/");
        long deliveryId = outbox.insert(webhook, notice);
        events.publishEvent(Audited.happened(AUDITED, auditId(webhook), null, "TEST_SENT"));
        return deliveries(List.of(deliveryId)).get(0);
    }

    // ---- the delivery log

    private static final String DELIVERY_COLUMNS = "SELECT id, message_id, event, summary, state, attempts,"
            + " last_status, last_error, created_at, next_attempt_at, finished_at FROM webhook_delivery";

    /** A webhook's deliveries, newest first, {@code size} a page, each with its attempts. */
    @Transactional(readOnly = true)
    public DeliveryPage deliveries(long webhookId, int page, int size) {
        find(webhookId);
        int pageSize = Math.max(1, Math.min(size, 100));
        int pageNumber = Math.max(0, Math.min(page, 100_000));
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery WHERE webhook_id = ?", Long.class,
                webhookId);
        List<Long> ids = jdbc.queryForList("SELECT id FROM webhook_delivery WHERE webhook_id = ?"
                + " ORDER BY created_at DESC, id DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY", Long.class, webhookId,
                (long) pageNumber * pageSize, pageSize);
        return new DeliveryPage(deliveries(ids), pageNumber, pageSize, total);
    }

    /** These deliveries in this order, with their attempts. */
    private List<DeliveryView> deliveries(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
        MapSqlParameterSource params = new MapSqlParameterSource("ids", ids);
        Map<Long, List<AttemptView>> attempts = new LinkedHashMap<>();
        named.query("SELECT delivery_id, number, started_at, duration_ms, http_status, error, outcome"
                + " FROM webhook_attempt WHERE delivery_id IN (:ids) ORDER BY delivery_id, number", params, rs -> {
                    attempts.computeIfAbsent(rs.getLong("delivery_id"), k -> new ArrayList<>()).add(new AttemptView(
                            rs.getInt("number"), Db.instant(rs, "started_at"), rs.getInt("duration_ms"),
                            Db.integer(rs, "http_status"), rs.getString("error"), rs.getString("outcome")));
                });
        Map<Long, DeliveryView> found = new LinkedHashMap<>();
        named.query(DELIVERY_COLUMNS + " WHERE id IN (:ids)", params, rs -> {
            long id = rs.getLong("id");
            DeliveryState state = DeliveryState.valueOf(rs.getString("state"));
            found.put(id, new DeliveryView(id, rs.getString("message_id"), rs.getString("event"),
                    rs.getString("summary"), state, rs.getInt("attempts"), Db.integer(rs, "last_status"),
                    rs.getString("last_error"), Db.instant(rs, "created_at"),
                    state == DeliveryState.PENDING ? Db.instant(rs, "next_attempt_at") : null,
                    Db.instant(rs, "finished_at"), attempts.getOrDefault(id, List.of())));
        });
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    // ---- helpers

    Webhook find(long id) {
        return webhooks.findById(id).orElseThrow(() -> new RecordNotFoundException("Webhook", id));
    }

    private void requireFreeName(String name, Long id) {
        boolean taken = id == null ? webhooks.existsByNameIgnoreCase(name)
                : webhooks.existsByNameIgnoreCaseAndIdNot(name, id);
        if (taken) {
            throw new ChangeRefusedException("name", "webhook.name.taken");
        }
    }

    private static String auditId(Webhook webhook) {
        return webhook.getId() + " " + webhook.getName();
    }

    /** What the audit trail compares of a webhook: never its secret, and its address without the path. */
    private static Map<String, Object> audited(Webhook webhook) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", webhook.getName());
        // the path may hold the receiver's token: the host, and a digest that tells two addresses apart
        fields.put("url", WebhookSettings.masked(webhook.getUrl()) + " #" + Sha256.hex(webhook.getUrl()).substring(0, 8));
        fields.put("format", webhook.getFormat());
        fields.put("events", webhook.events().stream().map(Enum::name).collect(Collectors.joining(",")));
        fields.put("severities", webhook.severities().isEmpty() ? "all"
                : webhook.severities().stream().map(Enum::name).collect(Collectors.joining(",")));
        fields.put("enabled", webhook.isEnabled());
        return fields;
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
