package org.hindsight.system;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per account name and per client address, and locks either for a while once it
 * has failed too often. Account names that do not exist are counted the same way, so the answer never
 * tells whether an account exists. Counts live in this process: each instance throttles on its own.
 */
@Component
public class LoginThrottle {

    /** Bound on remembered keys, so a flood of random names cannot exhaust memory. */
    private static final int MAX_ENTRIES = 100_000;

    private final LoginProperties properties;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(LoginProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    private record Failures(int count, Instant lockedUntil) {
    }

    public boolean isLocked(String username, String address) {
        Instant now = clock.instant();
        return lockedAt(accountKey(username), now) || lockedAt(addressKey(address), now);
    }

    public void recordFailure(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_ENTRIES) {
            failures.values().removeIf(f -> f.lockedUntil() != null && !f.lockedUntil().isAfter(now));
            if (failures.size() >= MAX_ENTRIES) {
                failures.clear();
            }
        }
        count(accountKey(username), properties.maxFailuresPerAccount(), now);
        count(addressKey(address), properties.maxFailuresPerAddress(), now);
    }

    /** A successful sign-in clears the account's failures (not the address's: one good account must not reset them). */
    public void recordSuccess(String username) {
        failures.remove(accountKey(username));
    }

    private void count(String key, int limit, Instant now) {
        failures.compute(key, (k, previous) -> {
            int count = previous == null || expired(previous, now) ? 1 : previous.count() + 1;
            return new Failures(count, count >= limit ? now.plus(properties.lockDuration()) : null);
        });
    }

    private boolean lockedAt(String key, Instant now) {
        Failures f = failures.get(key);
        return f != null && f.lockedUntil() != null && f.lockedUntil().isAfter(now);
    }

    private static boolean expired(Failures f, Instant now) {
        return f.lockedUntil() != null && !f.lockedUntil().isAfter(now);
    }

    private static String accountKey(String username) {
        return "account:" + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
