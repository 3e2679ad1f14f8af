package org.hindsight.user;

import java.util.Set;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me}: who the presented credentials belong to; a quick check for a new API token. */
@RestController
class MeApiController {

    private final UserService users;

    MeApiController(UserService users) {
        this.users = users;
    }

    record Me(String username, String displayName, String email, String timeZone, Set<Role> roles) {
    }

    @GetMapping("/api/me")
    Me me(@CurrentUser HindsightUser me) {
        UserView user = users.get(me.getId());
        return new Me(user.username(), user.displayName(), user.email(), user.timeZone(), user.roles());
    }
}
