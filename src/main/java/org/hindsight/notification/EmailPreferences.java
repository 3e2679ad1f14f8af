package org.hindsight.notification;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hindsight.system.Audited;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which digests each account wants ({@code email_preference}; no row: both). A change is announced to the audit
 * trail as the account's "email reminders".
 */
@Service
@Transactional
class EmailPreferences {

    static final String AUDITED = "email reminders";

    /** An account's choice. */
    record Choice(boolean daily, boolean weekly) {

        static final Choice BOTH = new Choice(true, true);
    }

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    EmailPreferences(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @Transactional(readOnly = true)
    Choice of(long userId) {
        List<Choice> found = jdbc.query("SELECT daily_digest, weekly_digest FROM email_preference WHERE user_id = ?",
                (rs, n) -> new Choice(rs.getBoolean(1), rs.getBoolean(2)), userId);
        return found.isEmpty() ? Choice.BOTH : found.get(0);
    }

    /** Every account's choice that is not the default, by account id. */
    @Transactional(readOnly = true)
    Map<Long, Choice> all() {
        Map<Long, Choice> choices = new HashMap<>();
        jdbc.query("SELECT user_id, daily_digest, weekly_digest FROM email_preference", rs -> {
            choices.put(rs.getLong(1), new Choice(rs.getBoolean(2), rs.getBoolean(3)));
        });
        return choices;
    }

    void set(long userId, String username, Choice choice) {
        Choice before = of(userId);
        if (jdbc.update("UPDATE email_preference SET daily_digest = ?, weekly_digest = ? WHERE user_id = ?",
                choice.daily(), choice.weekly(), userId) == 0) {
            jdbc.update("INSERT INTO email_preference (user_id, daily_digest, weekly_digest) VALUES (?, ?, ?)",
                    userId, choice.daily(), choice.weekly());
        }
        events.publishEvent(Audited.changed(AUDITED, username, null, audited(before), audited(choice)));
    }

    private static Map<String, Object> audited(Choice choice) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("dailyDigest", choice.daily());
        fields.put("weeklyDigest", choice.weekly());
        return fields;
    }
}
