package org.hindsight.user;

import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A person who signs in to Hindsight. */
@Entity
@Table(name = "app_user")
public class User {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64, updatable = false)
    private String username;

    @Column(name = "display_name", nullable = false, length = 120)
    private String displayName;

    @Column(nullable = false, length = 254)
    private String email;

    /** Null: no password set, the account cannot sign in (example accounts, until an admin sets one). */
    @Column(name = "password_hash")
    private String passwordHash;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "time_zone", nullable = false, length = 64)
    private String timeZone;

    @Enumerated(EnumType.STRING)
    @Column(name = "timeline_order", nullable = false, length = 12)
    private TimelineOrder timelineOrder = TimelineOrder.AUTO;

    @Enumerated(EnumType.STRING)
    @Column(name = "hour_cycle", nullable = false, length = 3)
    private HourCycle hourCycle = HourCycle.H24;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @ElementCollection
    @CollectionTable(name = "app_user_role", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "role", nullable = false, length = 16)
    @Enumerated(EnumType.STRING)
    private Set<Role> roles = new HashSet<>();

    /** The OpenID provider this account signs in through (README "Single sign-on"), or null. */
    @Column(name = "oidc_issuer", length = 255)
    private String oidcIssuer;

    /** The provider's stable id for this person ({@code sub}), or null. */
    @Column(name = "oidc_subject", length = 255)
    private String oidcSubject;

    @Version
    private long version;

    protected User() {
    }

    /** An enabled account; {@code passwordHash} null for one that cannot sign in until a password is set. */
    public User(String username, String displayName, String email, String passwordHash, ZoneId zone,
            Set<Role> roles, Instant createdAt) {
        this.username = username;
        this.displayName = displayName;
        this.email = email;
        this.passwordHash = passwordHash;
        this.timeZone = zone.getId();
        this.roles = new HashSet<>(roles);
        this.enabled = true;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    /** The password's hash, or null when no password is set (the account cannot sign in). */
    public String getPasswordHash() {
        return passwordHash;
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public ZoneId getZone() {
        return ZoneId.of(timeZone);
    }

    public void setZone(ZoneId zone) {
        this.timeZone = zone.getId();
    }

    public TimelineOrder getTimelineOrder() {
        return timelineOrder;
    }

    public void setTimelineOrder(TimelineOrder timelineOrder) {
        this.timelineOrder = timelineOrder;
    }

    public HourCycle getHourCycle() {
        return hourCycle;
    }

    public void setHourCycle(HourCycle hourCycle) {
        this.hourCycle = hourCycle;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** The roles as assigned (not including the roles they imply). */
    public Set<Role> getRoles() {
        return roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
    }

    public void setRoles(Set<Role> roles) {
        this.roles.clear();
        this.roles.addAll(roles);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /** Whether this account signs in through an OpenID provider (which then sets its roles). */
    public boolean isLinked() {
        return oidcSubject != null;
    }

    String getOidcIssuer() {
        return oidcIssuer;
    }

    String getOidcSubject() {
        return oidcSubject;
    }

    /** Links this account to a person at an OpenID provider: they sign in as it from then on. */
    void linkTo(String issuer, String subject) {
        this.oidcIssuer = issuer;
        this.oidcSubject = subject;
    }

    public long getVersion() {
        return version;
    }
}
