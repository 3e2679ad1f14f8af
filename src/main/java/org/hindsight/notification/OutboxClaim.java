package org.hindsight.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How a worker claims due rows of an outbox table (webhook deliveries, emails), the same for both: it reads up to
 * {@code limit} due ids, then takes each with a conditional UPDATE that commits at once and that only one worker can
 * win, on H2 as on PostgreSQL; when another worker won every one it tried, it looks again (those are no longer due).
 */
final class OutboxClaim {

    private OutboxClaim() {
    }

    /**
     * Claims due rows for {@code lease}: {@code due} selects ids (parameters: now, now, limit), {@code claim} takes
     * one (token, lease end, id, now, now). Answers the token the claimed rows now carry, or null when nothing is due.
     */
    static String claim(JdbcTemplate jdbc, Clock clock, String due, String claim, Duration lease, int limit) {
        String token = UUID.randomUUID().toString();
        int won = 0;
        while (won == 0) {
            Instant now = clock.instant();
            List<Long> ids = jdbc.queryForList(due, Long.class, Db.time(now), Db.time(now), limit);
            if (ids.isEmpty()) {
                return null;
            }
            for (Long id : ids) {
                won += jdbc.update(claim, token, Db.time(now.plus(lease)), id, Db.time(now), Db.time(now));
            }
        }
        return token;
    }
}
