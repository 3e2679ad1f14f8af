package org.hindsight.user;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.hindsight.system.Audited;
import org.hindsight.system.RecordNotFoundException;
import org.hindsight.system.Sha256;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens ({@code Authorization: Bearer hs_…}). A token is 256 random bits, so a plain
 * SHA-256 of it is a safe, indexable hash: there is nothing to guess that a slow hash would protect.
 */
@Service
@Transactional
public class ApiTokenService {

    static final String PREFIX = "hs_";
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository tokens;
    private final UserRepository users;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;

    ApiTokenService(ApiTokenRepository tokens, UserRepository users, Clock clock, ApplicationEventPublisher events,
            JdbcClient jdbc) {
        this.events = events;
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
    }

    /** A token as the profile page lists it. */
    public record TokenView(long id, String name, String hint, Instant createdAt, Instant lastUsedAt) {
        static TokenView of(ApiToken token) {
            return new TokenView(token.getId(), token.getName(), token.getTokenHint(), token.getCreatedAt(),
                    token.getLastUsedAt());
        }
    }

    /** A new token: {@code value} is shown to its owner once and never stored. */
    public record NewToken(String value, TokenView token) {
    }

    public NewToken create(long userId, String name) {
        User user = users.findById(userId).orElseThrow(() -> new RecordNotFoundException("User", userId));
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String value = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiToken token = tokens.save(new ApiToken(user, name.trim(), hash(value), value.substring(0, 7),
                clock.instant()));
        events.publishEvent(Audited.created("API token", String.valueOf(token.getId()), null,
                java.util.Map.of("name", user.getUsername() + ": " + token.getName())));
        return new NewToken(value, TokenView.of(token));
    }

    @Transactional(readOnly = true)
    public List<TokenView> list(long userId) {
        return tokens.findByUserIdOrderByCreatedAtDesc(userId).stream().map(TokenView::of).toList();
    }

    /** Revokes one of the user's own tokens; another user's token is "not found". */
    public void revoke(long userId, long tokenId) {
        ApiToken token = tokens.findByIdAndUserId(tokenId, userId)
                .orElseThrow(() -> new RecordNotFoundException("API token", tokenId));
        tokens.delete(token);
        events.publishEvent(Audited.happened("API token", String.valueOf(tokenId), null, Audited.DELETED));
    }

    /**
     * The enabled user a presented token belongs to, or empty for an unknown or revoked token. Every API request
     * asks, so it is one statement outside any transaction (no entity is loaded), and the token's last use is
     * written only when it moved by more than {@link #LAST_USED_PRECISION}.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<HindsightUser> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) {
            return Optional.empty();
        }
        List<TokenRow> rows = jdbc.sql("""
                SELECT t.id, t.last_used_at, u.id, u.username, u.enabled, u.display_name, u.time_zone,
                       u.timeline_order, u.hour_cycle, u.password_hash, r.role
                FROM api_token t JOIN app_user u ON u.id = t.user_id LEFT JOIN app_user_role r ON r.user_id = u.id
                WHERE t.token_hash = ?
                """).param(hash(presented)).query((row, n) -> new TokenRow(row.getLong(1),
                        row.getObject(2, OffsetDateTime.class), row.getLong(3), row.getString(4),
                        AccountState.read(row, 5)))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        TokenRow token = rows.get(0);
        AccountState account = AccountState.merged(rows.stream().map(TokenRow::account).toList());
        if (!account.enabled()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant stale = now.minus(LAST_USED_PRECISION);
        if (token.lastUsedAt() == null || token.lastUsedAt().toInstant().isBefore(stale)) {
            jdbc.sql("""
                    UPDATE api_token SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)
                    """)
                    .param(utc(now)).param(token.id()).param(utc(stale)).update();
        }
        return Optional.of(new HindsightUser(token.userId(), token.username(), account));
    }

    private record TokenRow(long id, OffsetDateTime lastUsedAt, long userId, String username, AccountState account) {
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static String hash(String value) {
        return Sha256.hex(value);
    }
}
