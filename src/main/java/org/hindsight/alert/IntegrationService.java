package org.hindsight.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hindsight.alert.IntegrationViews.IntegrationView;
import org.hindsight.alert.IntegrationViews.WithSecret;
import org.hindsight.system.Audited;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.RecordNotFoundException;
import org.hindsight.system.Sha256;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Integrations: created, changed, disabled and deleted by admins; each has a secret that senders present as
 * {@code Authorization: Bearer <secret>}. The secret is shown once (on creation and on rotation) and stored as its
 * SHA-256: it is 256 random bits, so there is nothing to guess that a slow hash would protect.
 */
@Service
@Transactional
public class IntegrationService {

    static final String SECRET_PREFIX = "hsa_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IntegrationRepository integrations;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    IntegrationService(IntegrationRepository integrations, Clock clock, ApplicationEventPublisher events) {
        this.integrations = integrations;
        this.clock = clock;
        this.events = events;
    }

    private void audit(Integration integration, String action) {
        events.publishEvent(Audited.happened(AUDITED, auditId(integration), null, action));
    }

    private static final String AUDITED = "integration";

    private static String auditId(Integration integration) {
        return integration.getId() + " " + integration.getName();
    }

    /** What the audit trail compares of an integration: its name, source, rules (as written) and whether it is on. */
    private static Map<String, Object> audited(Integration integration) {
        IntegrationRules rules = integration.rules();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", integration.getName());
        fields.put("source", integration.getSource());
        fields.put("enabled", integration.isEnabled());
        fields.put("severityLabel", rules.severityLabel());
        fields.put("severityMapping", rules.severityMappingText());
        fields.put("defaultSeverity", rules.defaultSeverity());
        fields.put("serviceLabels", String.join(",", rules.serviceLabels()));
        fields.put("groupBy", String.join(",", rules.groupBy()));
        fields.put("onAllResolved", rules.onAllResolved());
        return fields;
    }

    /** The path an integration's sender posts to. */
    public static String intakePath(long id) {
        return "/hooks/alerts/" + id;
    }

    /** A new integration with default rules changed by {@code rules}; its secret is in the answer, once. */
    public WithSecret create(String name, AlertSource source, IntegrationRules rules) {
        String trimmed = checkedName(name, null);
        String secret = newSecret();
        Integration integration = new Integration(trimmed, source, hash(secret), hint(secret), clock.instant());
        integration.setRules(rules == null ? IntegrationRules.defaults() : rules);
        try {
            integrations.saveAndFlush(integration);
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            // another admin created one with this name at the same moment: the unique key decided
            throw new ChangeRefusedException("name", "integration.name.taken");
        }
        events.publishEvent(Audited.created(AUDITED, auditId(integration), null, audited(integration)));
        return new WithSecret(IntegrationView.of(integration), secret);
    }

    @Transactional(readOnly = true)
    public List<IntegrationView> list() {
        return integrations.findAllByOrderByNameAsc().stream().map(IntegrationView::of).toList();
    }

    @Transactional(readOnly = true)
    public IntegrationView get(long id) {
        return IntegrationView.of(find(id));
    }

    /**
     * Changes name, rules and enabled state; {@code version} is the one the editor started from, and a change made
     * meanwhile by someone else is an {@link EditConflictException}, not overwritten.
     */
    public IntegrationView update(long id, long version, String name, IntegrationRules rules, boolean enabled) {
        Integration integration = find(id);
        if (integration.getVersion() != version) {
            throw new EditConflictException(IntegrationView.of(integration));
        }
        Map<String, Object> before = audited(integration);
        integration.setName(checkedName(name, id));
        integration.setRules(rules);
        integration.setEnabled(enabled);
        try {
            integrations.flush();
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            throw new ChangeRefusedException("name", "integration.name.taken");
        }
        events.publishEvent(Audited.changed(AUDITED, auditId(integration), null, before, audited(integration)));
        return IntegrationView.of(integration);
    }

    public IntegrationView setEnabled(long id, boolean enabled) {
        Integration integration = find(id);
        boolean was = integration.isEnabled();
        integration.setEnabled(enabled);
        integrations.flush();
        events.publishEvent(Audited.changed(AUDITED, auditId(integration), null, "enabled", was, enabled));
        return IntegrationView.of(integration);
    }

    /** A new secret; the old one stops working at once. */
    public WithSecret rotateSecret(long id) {
        Integration integration = find(id);
        String secret = newSecret();
        integration.setSecret(hash(secret), hint(secret));
        integrations.flush();
        audit(integration, "NEW_SECRET");
        return new WithSecret(IntegrationView.of(integration), secret);
    }

    /** Deletes the integration and the alerts it received; the incidents and timeline events they wrote stay. */
    public void delete(long id) {
        Integration integration = find(id);
        audit(integration, Audited.DELETED);
        integrations.delete(integration);
        integrations.flush();
    }

    /** The outcome of presenting a secret to an integration's intake. */
    enum Access {
        ALLOWED, UNKNOWN_INTEGRATION, WRONG_SECRET, DISABLED
    }

    /** Checks a sender's secret; the integration's rules come with an allowed answer. */
    @Transactional(readOnly = true)
    Access check(long id, String presented) {
        var found = integrations.findById(id);
        if (found.isEmpty()) {
            return Access.UNKNOWN_INTEGRATION;
        }
        Integration integration = found.get();
        if (presented == null || presented.length() > 200 || !MessageDigest.isEqual(
                hash(presented).getBytes(StandardCharsets.US_ASCII),
                integration.getSecretHash().getBytes(StandardCharsets.US_ASCII))) {
            return Access.WRONG_SECRET;
        }
        return integration.isEnabled() ? Access.ALLOWED : Access.DISABLED;
    }

    Integration find(long id) {
        return integrations.findById(id).orElseThrow(() -> new RecordNotFoundException("Integration", id));
    }

    private String checkedName(String name, Long id) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw new ChangeRefusedException("name", "integration.name.invalid");
        }
        boolean taken = id == null ? integrations.existsByNameIgnoreCase(trimmed)
                : integrations.existsByNameIgnoreCaseAndIdNot(trimmed, id);
        if (taken) {
            throw new ChangeRefusedException("name", "integration.name.taken");
        }
        return trimmed;
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hint(String secret) {
        return secret.substring(0, 8);
    }

    static String hash(String value) {
        return Sha256.hex(value);
    }
}
