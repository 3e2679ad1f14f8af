package org.hindsight.notification;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The mail outbox: one {@code email_delivery} row per digest or test email, rendered, written in the caller's
 * transaction. A digest's row carries its idempotency key (account, kind, the local date it is for) under a unique
 * constraint, so of two instances or runs deciding the same digest only one commits it; a digest with nothing to
 * say is recorded as decided ({@code NOTHING}) and never sent. After the commit the {@link MailWorker} is nudged.
 */
@Component
class MailOutbox {

    /** What an email is. */
    enum Kind {
        DAILY, WEEKLY, TEST
    }

    private static final String INSERT = "INSERT INTO email_delivery (kind, user_id, digest_date, recipient, subject,"
            + " text_body, html_body, state, attempts, next_attempt_at, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)";
    private static final Object NUDGE = new Object();

    private final JdbcTemplate jdbc;
    private final MailWorker worker;
    private final java.time.Clock clock;

    MailOutbox(JdbcTemplate jdbc, MailWorker worker, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.worker = worker;
        this.clock = clock;
    }

    /** The digests decided for {@code date} (in their recipients' zones), as "userId:KIND". */
    Set<String> decided(LocalDate date) {
        return new HashSet<>(jdbc.queryForList("SELECT CONCAT(CAST(user_id AS VARCHAR(20)), ':', kind)"
                + " FROM email_delivery WHERE digest_date = ? AND user_id IS NOT NULL", String.class, date));
    }

    static String key(long userId, Kind kind) {
        return userId + ":" + kind.name();
    }

    /**
     * Records the digest of {@code kind} for the account and local date: to be sent, or decided with nothing to
     * send when {@code email} is null. Fails with a {@code DuplicateKeyException} when it is recorded already.
     */
    void recordDigest(Kind kind, long userId, LocalDate date, String recipient, MailTemplates.Rendered email) {
        insert(kind, userId, date, recipient, email);
    }

    /** Records a test email to {@code recipient}; answers its id. */
    long recordTest(String recipient, MailTemplates.Rendered email) {
        return insert(Kind.TEST, null, null, recipient, email);
    }

    private long insert(Kind kind, Long userId, LocalDate date, String recipient, MailTemplates.Rendered email) {
        OffsetDateTime now = Db.time(clock.instant());
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var statement = connection.prepareStatement(INSERT, new String[] {"id"});
            statement.setString(1, kind.name());
            statement.setObject(2, userId);
            statement.setObject(3, date);
            statement.setString(4, recipient);
            statement.setString(5, email == null ? "" : cut(email.subject(), 300));
            statement.setString(6, email == null ? "" : email.text());
            statement.setString(7, email == null ? "" : email.html());
            statement.setString(8, email == null ? "NOTHING" : "PENDING");
            statement.setObject(9, email == null ? null : now);
            statement.setObject(10, now);
            return statement;
        }, keys);
        if (email != null) {
            AfterCommit.once(NUDGE, worker::nudge);
        }
        return keys.getKey().longValue();
    }

    /** The latest emails (not the digests decided with nothing to send), newest first, for the admin page. */
    List<MailViews.Sent> latest(int limit) {
        return jdbc.query("SELECT id, kind, recipient, subject, state, attempts, next_attempt_at, last_error,"
                + " created_at FROM email_delivery WHERE state <> 'NOTHING' ORDER BY created_at DESC, id DESC"
                + " FETCH FIRST ? ROWS ONLY", (rs, n) -> new MailViews.Sent(rs.getLong("id"), rs.getString("kind"),
                        rs.getString("recipient"), rs.getString("subject"), rs.getString("state"),
                        rs.getInt("attempts"), Db.instant(rs, "next_attempt_at"), rs.getString("last_error"),
                        Db.instant(rs, "created_at")), limit);
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }
}
