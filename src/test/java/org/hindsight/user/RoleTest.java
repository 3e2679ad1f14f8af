package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

class RoleTest {

    private static List<String> authorities(Role... roles) {
        return Role.authoritiesFor(Set.of(roles)).stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void eachRoleIncludesTheRolesBelowIt() {
        assertThat(authorities(Role.VIEWER)).containsExactly("ROLE_VIEWER");
        assertThat(authorities(Role.RESPONDER)).containsExactly("ROLE_VIEWER", "ROLE_RESPONDER");
        assertThat(authorities(Role.MANAGER)).containsExactly("ROLE_VIEWER", "ROLE_RESPONDER", "ROLE_MANAGER");
        assertThat(authorities(Role.ADMIN))
                .containsExactly("ROLE_VIEWER", "ROLE_RESPONDER", "ROLE_MANAGER", "ROLE_ADMIN");
    }

    @Test
    void theHighestRoleHeldDecides() {
        assertThat(authorities(Role.VIEWER, Role.MANAGER)).containsExactly("ROLE_VIEWER", "ROLE_RESPONDER", "ROLE_MANAGER");
    }

    @Test
    void aRoleIncludesItselfAndTheRolesBelowItOnly() {
        assertThat(Role.MANAGER.includes(Role.RESPONDER)).isTrue();
        assertThat(Role.MANAGER.includes(Role.MANAGER)).isTrue();
        assertThat(Role.MANAGER.includes(Role.ADMIN)).isFalse();
        assertThat(Role.VIEWER.includes(Role.RESPONDER)).isFalse();
        assertThat(Role.ADMIN.includes(Role.VIEWER)).isTrue();
    }

    @Test
    void noRoleGrantsNothing() {
        assertThat(authorities()).isEmpty();
    }
}
