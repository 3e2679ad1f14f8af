package org.hindsight.action;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hindsight.user.User;

/** A corrective or preventive action decided after an incident, with an owner and a due date. */
@Entity
@Table(name = "action_item")
public class ActionItem {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** The incident this item belongs to, by id (the incident module's aggregate). */
    @Column(name = "incident_id", nullable = false, updatable = false)
    private Long incidentId;

    @Column(nullable = false, length = 300)
    private String title;

    @Column(length = 20000)
    private String details;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private ActionType type;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private ActionCategory category;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "owner_id")
    private User owner;

    @Column(name = "due_date")
    private LocalDate dueDate;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private ActionPriority priority;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private ActionStatus status;

    @Column(name = "wont_do_reason", length = 2000)
    private String wontDoReason;

    @Column(name = "completed_at")
    private Instant completedAt;

    @Column(name = "tracker_url", length = 2000)
    private String trackerUrl;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by", updatable = false)
    private User createdBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected ActionItem() {
    }

    ActionItem(long incidentId, String title, ActionType type, ActionCategory category, User createdBy,
            Instant now) {
        this.incidentId = incidentId;
        this.title = title;
        this.type = type;
        this.category = category;
        this.priority = ActionPriority.MEDIUM;
        this.status = ActionStatus.OPEN;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Moves to a status; a finished item records when, a reopened one forgets it. */
    void moveTo(ActionStatus next, String reason, Instant now) {
        if (next == ActionStatus.WONT_DO) {
            wontDoReason = reason;
        } else {
            wontDoReason = null;
        }
        if (!next.isOpen() && (status.isOpen() || status != next)) {
            completedAt = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        } else if (next.isOpen()) {
            completedAt = null;
        }
        status = next;
        updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public Long getIncidentId() {
        return incidentId;
    }

    public String getTitle() {
        return title;
    }

    void setTitle(String title) {
        this.title = title;
    }

    public String getDetails() {
        return details;
    }

    void setDetails(String details) {
        this.details = details;
    }

    public ActionType getType() {
        return type;
    }

    void setType(ActionType type) {
        this.type = type;
    }

    public ActionCategory getCategory() {
        return category;
    }

    void setCategory(ActionCategory category) {
        this.category = category;
    }

    public User getOwner() {
        return owner;
    }

    void setOwner(User owner) {
        this.owner = owner;
    }

    public LocalDate getDueDate() {
        return dueDate;
    }

    void setDueDate(LocalDate dueDate) {
        this.dueDate = dueDate;
    }

    public ActionPriority getPriority() {
        return priority;
    }

    void setPriority(ActionPriority priority) {
        this.priority = priority;
    }

    public ActionStatus getStatus() {
        return status;
    }

    public String getWontDoReason() {
        return wontDoReason;
    }

    public Instant getCompletedAt() {
        return completedAt;
    }

    public String getTrackerUrl() {
        return trackerUrl;
    }

    void setTrackerUrl(String trackerUrl) {
        this.trackerUrl = trackerUrl;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }

    public long getVersion() {
        return version;
    }
}
