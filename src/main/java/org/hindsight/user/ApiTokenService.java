package org.hindsight.user;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.hindsight.system.Audited;
import org.hindsight.system.RecordNotFoundException;
import org.hindsight.system.Sha256;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
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

    ApiTokenService(ApiTokenRepository tokens, UserRepository users, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
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

    /** The enabled user a presented token belongs to, or empty for an unknown or revoked token. */
    public Optional<HindsightUser> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) {
            return Optional.empty();
        }
        return tokens.findByHashWithUser(hash(presented))
                .filter(token -> token.getUser().isEnabled())
                .map(token -> {
                    Instant now = clock.instant();
                    if (token.getLastUsedAt() == null
                            || token.getLastUsedAt().isBefore(now.minus(LAST_USED_PRECISION))) {
                        token.setLastUsedAt(now);
                    }
                    return new HindsightUser(token.getUser());
                });
    }

    static String hash(String value) {
        return Sha256.hex(value);
    }
}
