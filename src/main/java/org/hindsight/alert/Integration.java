package org.hindsight.alert;

import java.time.Instant;

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

/** A sender of alerts and how its alerts become incidents. Only the SHA-256 of its secret is stored. */
@Entity
@Table(name = "integration")
class Integration {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16, updatable = false)
    private AlertSource source;

    @Column(name = "secret_hash", nullable = false, length = 64)
    private String secretHash;

    @Column(name = "secret_hint", nullable = false, length = 12)
    private String secretHint;

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(name = "severity_label", nullable = false, length = 100)
    private String severityLabel;

    @Column(name = "severity_mapping", nullable = false, length = 1000)
    private String severityMapping;

    @Enumerated(EnumType.STRING)
    @Column(name = "default_severity", nullable = false, length = 8)
    private Severity defaultSeverity;

    @Column(name = "service_labels", nullable = false, length = 200)
    private String serviceLabels;

    @Column(name = "group_by", nullable = false, length = 200)
    private String groupBy;

    @Enumerated(EnumType.STRING)
    @Column(name = "on_all_resolved", nullable = false, length = 16)
    private OnAllResolved onAllResolved;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Integration() {
    }

    Integration(String name, AlertSource source, String secretHash, String secretHint, Instant createdAt) {
        this.name = name;
        this.source = source;
        this.secretHash = secretHash;
        this.secretHint = secretHint;
        this.createdAt = createdAt;
        this.severityLabel = IntegrationRules.DEFAULT_SEVERITY_LABEL;
        this.severityMapping = IntegrationRules.DEFAULT_SEVERITY_MAPPING;
        this.defaultSeverity = Severity.SEV4;
        this.serviceLabels = IntegrationRules.DEFAULT_SERVICE_LABELS;
        this.groupBy = "";
        this.onAllResolved = OnAllResolved.RECORD_ONLY;
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    void setName(String name) {
        this.name = name;
    }

    AlertSource getSource() {
        return source;
    }

    String getSecretHash() {
        return secretHash;
    }

    String getSecretHint() {
        return secretHint;
    }

    void setSecret(String secretHash, String secretHint) {
        this.secretHash = secretHash;
        this.secretHint = secretHint;
    }

    boolean isEnabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    IntegrationRules rules() {
        return IntegrationRules.parse(severityLabel, severityMapping, defaultSeverity, serviceLabels, groupBy,
                onAllResolved);
    }

    void setRules(IntegrationRules rules) {
        this.severityLabel = rules.severityLabel();
        this.severityMapping = rules.severityMappingText();
        this.defaultSeverity = rules.defaultSeverity();
        this.serviceLabels = String.join(",", rules.serviceLabels());
        this.groupBy = String.join(",", rules.groupBy());
        this.onAllResolved = rules.onAllResolved();
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    long getVersion() {
        return version;
    }
}
