package org.hindsight.action;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user's calendar feed: the SHA-256 of the secret in its URL. One per user; regenerating replaces it. */
@Entity
@Table(name = "calendar_token")
class CalendarToken {

    @Id
    @Column(name = "user_id")
    private Long userId;

    @Column(name = "token_hash", nullable = false, length = 64)
    private String tokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected CalendarToken() {
    }

    CalendarToken(Long userId, String tokenHash, Instant createdAt) {
        this.userId = userId;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
    }

    Long getUserId() {
        return userId;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    void replace(String tokenHash, Instant createdAt) {
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
    }
}
