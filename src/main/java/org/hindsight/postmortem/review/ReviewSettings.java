package org.hindsight.postmortem.review;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The team's review rules (one row): approvals a publication needs, and whether it closes the incident. */
@Entity
@Table(name = "review_setting")
class ReviewSettings {

    @Id
    private Integer id;

    @Column(name = "approvals_required", nullable = false)
    private int approvalsRequired;

    @Column(name = "close_on_publish", nullable = false)
    private boolean closeOnPublish;

    @Version
    private long version;

    protected ReviewSettings() {
    }

    int getApprovalsRequired() {
        return approvalsRequired;
    }

    boolean isCloseOnPublish() {
        return closeOnPublish;
    }

    long getVersion() {
        return version;
    }

    void set(int approvalsRequired, boolean closeOnPublish) {
        this.approvalsRequired = approvalsRequired;
        this.closeOnPublish = closeOnPublish;
    }
}
