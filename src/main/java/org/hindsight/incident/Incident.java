package org.hindsight.incident;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hindsight.user.User;

/** An incident: its summary, what caused it and how it was resolved. Its timeline and action items refer to it. */
@Entity
@Table(name = "incident")
public class Incident {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 200)
    private String title;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private Severity severity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private IncidentStatus status;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    /** 0 while {@link IncidentStatus#isActive() active}, else 1: kept by the database (V27) for the list's index. */
    @Column(name = "list_group", insertable = false, updatable = false)
    private Short listGroup;

    @Column(name = "detected_at")
    private Instant detectedAt;

    @Column(name = "responded_at")
    private Instant respondedAt;

    @Column(name = "identified_at")
    private Instant identifiedAt;

    @Column(name = "mitigated_at")
    private Instant mitigatedAt;

    @Column(name = "resolved_at")
    private Instant resolvedAt;

    @Column(length = 20000)
    private String impact;

    @Column(name = "users_affected_percent", precision = 5, scale = 2)
    private BigDecimal usersAffectedPercent;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "commander_id")
    private User commander;

    @ManyToMany
    @JoinTable(name = "incident_responder", joinColumns = @JoinColumn(name = "incident_id"),
            inverseJoinColumns = @JoinColumn(name = "user_id"))
    private Set<User> responders = new HashSet<>();

    @ManyToMany
    @JoinTable(name = "incident_service", joinColumns = @JoinColumn(name = "incident_id"),
            inverseJoinColumns = @JoinColumn(name = "service_id"))
    private Set<AffectedService> services = new HashSet<>();

    @Column(name = "root_cause_summary", length = 500)
    private String rootCauseSummary;

    @Column(name = "root_cause", length = 20000)
    private String rootCause;

    @Column(length = 20000)
    private String resolution;

    @Column(name = "contributing_factors", length = 20000)
    private String contributingFactors;

    @Column(length = 20000)
    private String lessons;

    /** What an imported postmortem said that fits no other field, and anything else worth keeping. */
    @Column(length = 20000)
    private String notes;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by", updatable = false)
    private User createdBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Written only by {@link IncidentRepository#setPostmortemState}: a review step is no edit of the incident. */
    @Enumerated(EnumType.STRING)
    @Column(name = "postmortem_state", nullable = false, length = 16, insertable = false, updatable = false)
    private PostmortemState postmortemState;

    /** Raised only by {@link IncidentRepository#raiseRevision}, atomically; never written from here. */
    @Column(nullable = false, updatable = false)
    private long revision;

    @Version
    private long version;

    protected Incident() {
    }

    Incident(String title, Severity severity, IncidentStatus status, Instant startedAt, User createdBy, Instant now) {
        this.title = title;
        this.severity = severity;
        this.status = status;
        this.startedAt = startedAt;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getKey() {
        return IncidentKey.format(id);
    }

    public String getTitle() {
        return title;
    }

    void setTitle(String title) {
        this.title = title;
    }

    public Severity getSeverity() {
        return severity;
    }

    void setSeverity(Severity severity) {
        this.severity = severity;
    }

    public IncidentStatus getStatus() {
        return status;
    }

    void setStatus(IncidentStatus status) {
        this.status = status;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    /** All summary times, unset ones as null. */
    public Map<SummaryTime, Instant> getSummaryTimes() {
        Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
        for (SummaryTime time : SummaryTime.values()) {
            times.put(time, get(time));
        }
        return times;
    }

    public Instant get(SummaryTime which) {
        return switch (which) {
            case STARTED -> startedAt;
            case DETECTED -> detectedAt;
            case RESPONDED -> respondedAt;
            case IDENTIFIED -> identifiedAt;
            case MITIGATED -> mitigatedAt;
            case RESOLVED -> resolvedAt;
        };
    }

    void set(SummaryTime which, Instant value) {
        switch (which) {
            case STARTED -> startedAt = value;
            case DETECTED -> detectedAt = value;
            case RESPONDED -> respondedAt = value;
            case IDENTIFIED -> identifiedAt = value;
            case MITIGATED -> mitigatedAt = value;
            case RESOLVED -> resolvedAt = value;
        }
    }

    public String getImpact() {
        return impact;
    }

    void setImpact(String impact) {
        this.impact = impact;
    }

    public BigDecimal getUsersAffectedPercent() {
        return usersAffectedPercent;
    }

    void setUsersAffectedPercent(BigDecimal usersAffectedPercent) {
        this.usersAffectedPercent = usersAffectedPercent;
    }

    public User getCommander() {
        return commander;
    }

    void setCommander(User commander) {
        this.commander = commander;
    }

    public Set<User> getResponders() {
        return responders;
    }

    void setResponders(Set<User> responders) {
        this.responders.clear();
        this.responders.addAll(responders);
    }

    void addResponder(User user) {
        responders.add(user);
    }

    void removeResponder(long userId) {
        responders.removeIf(user -> Objects.equals(user.getId(), userId));
    }

    /** The services, sorted by name. */
    public Set<AffectedService> getServices() {
        Set<AffectedService> sorted = new LinkedHashSet<>();
        services.stream().sorted(Comparator.comparing(AffectedService::getName)).forEach(sorted::add);
        return sorted;
    }

    void setServices(Set<AffectedService> services) {
        this.services.clear();
        this.services.addAll(services);
    }

    public String getRootCauseSummary() {
        return rootCauseSummary;
    }

    void setRootCauseSummary(String rootCauseSummary) {
        this.rootCauseSummary = rootCauseSummary;
    }

    public String getRootCause() {
        return rootCause;
    }

    void setRootCause(String rootCause) {
        this.rootCause = rootCause;
    }

    public String getResolution() {
        return resolution;
    }

    void setResolution(String resolution) {
        this.resolution = resolution;
    }

    public String getContributingFactors() {
        return contributingFactors;
    }

    void setContributingFactors(String contributingFactors) {
        this.contributingFactors = contributingFactors;
    }

    public String getLessons() {
        return lessons;
    }

    void setLessons(String lessons) {
        this.lessons = lessons;
    }

    public String getNotes() {
        return notes;
    }

    void setNotes(String notes) {
        this.notes = notes;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public User getCreatedBy() {
        return createdBy;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }

    public long getRevision() {
        return revision;
    }

    public long getVersion() {
        return version;
    }

    /** Draft until a review step records another; an incident saved in this transaction reads as one. */
    public PostmortemState getPostmortemState() {
        return postmortemState == null ? PostmortemState.DRAFT : postmortemState;
    }
}
