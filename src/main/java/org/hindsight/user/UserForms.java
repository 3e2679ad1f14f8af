package org.hindsight.user;

import java.util.Set;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.hindsight.system.TimeZoneId;

/** The forms of the account pages: each a record bound from a request and validated with {@code @Valid}. */
final class UserForms {

    static final int PASSWORD_MIN = 12;
    static final int PASSWORD_MAX = 128;

    private UserForms() {
    }

    /** An admin creates an account. */
    record NewUser(
            @NotBlank @Pattern(regexp = Usernames.PATTERN, message = "{user.username.invalid}") String username,
            @NotBlank @Size(max = 120) String displayName,
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @TimeZoneId String timeZone,
            @NotEmpty(message = "{user.roles.required}") Set<Role> roles,
            @NotBlank @Size(min = PASSWORD_MIN, max = PASSWORD_MAX, message = "{password.size}") String password) {

        static NewUser empty() {
            return new NewUser("", "", "", "UTC", Set.of(Role.VIEWER), "");
        }
    }

    /** An admin edits an account: details, roles, enabled. */
    record EditUser(
            @NotBlank @Size(max = 120) String displayName,
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @TimeZoneId String timeZone,
            @NotEmpty(message = "{user.roles.required}") Set<Role> roles,
            Boolean enabled,
            long version) {

        /** An unticked checkbox sends nothing: absent means disabled. */
        EditUser {
            enabled = Boolean.TRUE.equals(enabled);
        }

        static EditUser of(UserView user) {
            return new EditUser(user.displayName(), user.email(), user.timeZone(), user.roles(), user.enabled(),
                    user.version());
        }
    }

    /** An admin sets a new password for someone who lost theirs. */
    record ResetPassword(
            @NotBlank @Size(min = PASSWORD_MIN, max = PASSWORD_MAX, message = "{password.size}") String newPassword) {

        static ResetPassword empty() {
            return new ResetPassword("");
        }
    }

    /** The signed-in user edits their own details. */
    record Profile(
            @NotBlank @Size(max = 120) String displayName,
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @TimeZoneId String timeZone,
            HourCycle hourCycle,
            long version) {

        static Profile of(UserView user) {
            return new Profile(user.displayName(), user.email(), user.timeZone(), user.hourCycle(), user.version());
        }
    }

    /** The signed-in user changes their password. */
    record ChangePassword(
            @NotBlank String currentPassword,
            @NotBlank @Size(min = PASSWORD_MIN, max = PASSWORD_MAX, message = "{password.size}") String newPassword,
            @NotBlank String confirmPassword) {

        static ChangePassword empty() {
            return new ChangePassword("", "", "");
        }
    }

    /** The signed-in user creates a personal API token. */
    record NewToken(@NotBlank @Size(max = 80) String name) {

        static NewToken empty() {
            return new NewToken("");
        }
    }
}
