package org.hindsight.user;

import java.io.Serial;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.hindsight.system.ZonedPrincipal;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The signed-in user as Spring Security holds it: a snapshot of the {@link User} row. Signed in through the OpenID
 * provider (README "Single sign-on"), it also holds the provider's ID token, which sign-out hands back to the provider
 * to end its session there too; the provider's other claims are not kept.
 */
public final class HindsightUser implements UserDetails, CredentialsContainer, ZonedPrincipal, OidcUser {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long id;
    private final String username;
    private final String displayName;
    private final ZoneId zone;
    private final TimelineOrder timelineOrder;
    private final HourCycle hourCycle;
    private final boolean enabled;
    private final Set<Role> roles;
    private final List<GrantedAuthority> authorities;
    private final String credentialStamp;
    private String password;
    /** The provider's ID token of this sign-in; null for a sign-in with a password. */
    private final OidcIdToken idToken;

    HindsightUser(User user) {
        this(user, null);
    }

    HindsightUser(User user, OidcIdToken idToken) {
        this.idToken = idToken;
        this.id = user.getId();
        this.username = user.getUsername();
        this.displayName = user.getDisplayName();
        this.zone = user.getZone();
        this.timelineOrder = user.getTimelineOrder();
        this.hourCycle = user.getHourCycle();
        this.enabled = user.isEnabled();
        this.roles = Set.copyOf(user.getRoles());
        this.authorities = Role.authoritiesFor(roles);
        this.password = user.getPasswordHash();
        this.credentialStamp = stampOf(user.getPasswordHash());
    }

    /** An account read as its row reads now, without loading the entity (an API token's request). */
    HindsightUser(long id, String username, AccountState state) {
        this.idToken = null;
        this.id = id;
        this.username = username;
        this.displayName = state.displayName();
        this.zone = ZoneId.of(state.timeZone());
        this.timelineOrder = state.timelineOrder();
        this.hourCycle = state.hourCycle();
        this.enabled = state.enabled();
        this.roles = Set.copyOf(state.roles());
        this.authorities = Role.authoritiesFor(roles);
        this.password = state.passwordHash();
        this.credentialStamp = stampOf(state.passwordHash());
    }

    private static String stampOf(String passwordHash) {
        return passwordHash == null ? "" : ApiTokenService.hash(passwordHash).substring(0, 16);
    }

    /** Whether the account, as its row reads now, is still what this snapshot holds (nothing to refresh). */
    boolean isCurrent(AccountState now) {
        return enabled == now.enabled() && displayName.equals(now.displayName()) && zone.getId().equals(now.timeZone())
                && timelineOrder == now.timelineOrder() && hourCycle == now.hourCycle() && roles.equals(now.roles())
                && credentialStamp.equals(stampOf(now.passwordHash()));
    }

    public long getId() {
        return id;
    }

    @Override
    public String getUsername() {
        return username;
    }

    public String getDisplayName() {
        return displayName;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The timeline order this user chose; AUTO for sessions stored before the preference existed. */
    public TimelineOrder getTimelineOrder() {
        return timelineOrder == null ? TimelineOrder.AUTO : timelineOrder;
    }

    public HourCycle getHourCycle() {
        return hourCycle == null ? HourCycle.H24 : hourCycle;
    }

    @Override
    public boolean isTwelveHourClock() {
        return getHourCycle() == HourCycle.H12;
    }

    public Set<Role> getRoles() {
        return roles;
    }

    /** Whether this user holds {@code role} or a role that includes it: {@code hasRole(Role.RESPONDER)}. */
    public boolean hasRole(Role role) {
        for (Role held : roles) {
            if (held.includes(role)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return authorities;
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        password = null;
    }

    /** This account as it is now, for the same sign-in (the same ID token, if any). */
    HindsightUser sameSignIn(HindsightUser now) {
        return idToken == null ? now : new HindsightUser(now, idToken);
    }

    private HindsightUser(HindsightUser now, OidcIdToken idToken) {
        this.id = now.id;
        this.username = now.username;
        this.displayName = now.displayName;
        this.zone = now.zone;
        this.timelineOrder = now.timelineOrder;
        this.hourCycle = now.hourCycle;
        this.enabled = now.enabled;
        this.roles = now.roles;
        this.authorities = now.authorities;
        this.password = now.password;
        this.credentialStamp = now.credentialStamp;
        this.idToken = idToken;
    }

    @Override
    public OidcIdToken getIdToken() {
        return idToken;
    }

    @Override
    public OidcUserInfo getUserInfo() {
        return null;
    }

    /** The ID token's claims; none for a sign-in with a password. */
    @Override
    public Map<String, Object> getClaims() {
        return idToken == null ? Map.of() : idToken.getClaims();
    }

    @Override
    public Map<String, Object> getAttributes() {
        return getClaims();
    }

    /** The username, as for a sign-in with a password. */
    @Override
    public String getName() {
        return username;
    }

    /** Whether the password changed since this snapshot (it survives erasing the credentials). */
    boolean credentialsChanged(HindsightUser other) {
        return !credentialStamp.equals(other.credentialStamp);
    }

    /** Whether what the pages show about this user (name, zone, roles, status) differs from {@code other}. */
    boolean differsFrom(HindsightUser other) {
        return !displayName.equals(other.displayName) || !zone.equals(other.zone) || !roles.equals(other.roles)
                || enabled != other.enabled || getTimelineOrder() != other.getTimelineOrder()
                || getHourCycle() != other.getHourCycle();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HindsightUser other && username.equals(other.username);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username);
    }

    @Override
    public String toString() {
        return "HindsightUser[" + username + "]";
    }
}
