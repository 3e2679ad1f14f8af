package org.hindsight.notification;

import java.time.Instant;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What the email pages show and take. */
final class MailViews {

    private MailViews() {
    }

    /** An email in the admin page's log. */
    record Sent(long id, String kind, String recipient, String subject, String state, int attempts,
            Instant nextAttemptAt, String lastError, Instant createdAt) {
    }

    /** The admin page's test email form. */
    record TestEmailForm(@NotBlank(message = "{email.to.invalid}") @Email(message = "{email.to.invalid}")
            @Size(max = 254, message = "{email.to.invalid}") String to) {

        TestEmailForm {
            to = to == null ? null : to.strip();
        }

        static TestEmailForm empty() {
            return new TestEmailForm("");
        }
    }

    /** The profile page's choice of digests (an unticked box sends nothing, or only its marker: false). */
    record PreferencesForm(Boolean daily, Boolean weekly) {

        PreferencesForm {
            daily = Boolean.TRUE.equals(daily);
            weekly = Boolean.TRUE.equals(weekly);
        }
    }
}
