package org.hindsight.notification;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hindsight.incident.Severity;

/**
 * A receiver of notifications: where to post, in which format, which events of incidents of which severities.
 * Its secret signs the messages and is stored as it is: an HMAC key cannot be kept as a hash (README).
 */
@Entity
@Table(name = "webhook")
class Webhook {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 2000)
    private String url;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private WebhookFormat format;

    @Column(nullable = false, length = 200)
    private String events;

    @Column(nullable = false, length = 40)
    private String severities;

    @Column(nullable = false, length = 100, updatable = false)
    private String secret;

    @Column(name = "secret_hint", nullable = false, length = 12, updatable = false)
    private String secretHint;

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Webhook() {
    }

    Webhook(WebhookSettings settings, String secret, String secretHint, Instant createdAt) {
        apply(settings);
        this.secret = secret;
        this.secretHint = secretHint;
        this.createdAt = createdAt;
    }

    void apply(WebhookSettings settings) {
        this.name = settings.name();
        this.url = settings.url();
        this.format = settings.format();
        this.events = join(settings.events());
        this.severities = join(settings.severities());
    }

    /** Whether it is on and wants this event of an incident of this severity (null: of no incident). */
    boolean wants(WebhookEvent event, Severity severity) {
        return enabled && events().contains(event)
                && (severity == null || severities.isEmpty() || severities().contains(severity));
    }

    WebhookSettings settings() {
        return new WebhookSettings(name, url, format, events(), severities());
    }

    Set<WebhookEvent> events() {
        return parse(events, WebhookEvent.class);
    }

    Set<Severity> severities() {
        return parse(severities, Severity.class);
    }

    private static <E extends Enum<E>> Set<E> parse(String text, Class<E> type) {
        Set<E> values = EnumSet.noneOf(type);
        Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(s -> values.add(Enum.valueOf(type, s)));
        return values;
    }

    private static String join(Collection<? extends Enum<?>> values) {
        return values.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getUrl() {
        return url;
    }

    WebhookFormat getFormat() {
        return format;
    }

    String getSecret() {
        return secret;
    }

    String getSecretHint() {
        return secretHint;
    }

    boolean isEnabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    long getVersion() {
        return version;
    }
}
