package org.hindsight.user;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Counts failed sign-ins per account name and per client address (IPv6 by its /64 network), and locks
 * either for a while once it failed too often. An attempt is counted before its password is checked and
 * released if it succeeds, so parallel guesses cannot slip past the limit. Names that do not exist are
 * counted the same way, so the answer never tells whether an account exists. Failures are forgotten after
 * a quiet {@link #WINDOW}; the memory used is bounded. Counts live in this process: each instance
 * throttles on its own.
 */
@Component
public class LoginThrottle {

    /** Failures older than this, with no failure since, are forgotten. */
    static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int MAX_ENTRIES = 100_000;

    private final LoginProperties properties;
    private final Clock clock;
    private final Cache<String, Failures> failures;

    public LoginThrottle(LoginProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        Duration keep = properties.lockDuration().compareTo(WINDOW) > 0 ? properties.lockDuration() : WINDOW;
        this.failures = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(keep)
                .ticker(() -> clock.millis() * 1_000_000L).build();
    }

    private record Failures(int count, Instant lockedUntil) {
        boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }

        boolean lockOver(Instant now) {
            return lockedUntil != null && !lockedUntil.isAfter(now);
        }
    }

    /** Reserves an attempt; false when the account or the address is locked (nothing is reserved then). */
    public boolean tryAttempt(String username, String address) {
        Instant now = clock.instant();
        String account = accountKey(username);
        if (!reserve(account, properties.maxFailuresPerAccount(), now)) {
            return false;
        }
        if (!reserve(addressKey(address), properties.maxFailuresPerAddress(), now)) {
            release(account);
            return false;
        }
        return true;
    }

    /** The reserved attempt failed: it stays counted, and a count at the limit locks. */
    public void failed(String username, String address) {
        Instant now = clock.instant();
        lockIfAtLimit(accountKey(username), properties.maxFailuresPerAccount(), now);
        lockIfAtLimit(addressKey(address), properties.maxFailuresPerAddress(), now);
    }

    /** The reserved attempt succeeded: the account's failures are cleared, the address's attempt released. */
    public void succeeded(String username, String address) {
        failures.invalidate(accountKey(username));
        release(addressKey(address));
    }

    /** The attempt ended without an answer (e.g. the database was down): it does not count. */
    public void abandoned(String username, String address) {
        release(accountKey(username));
        release(addressKey(address));
    }

    public boolean isLocked(String username, String address) {
        Instant now = clock.instant();
        return lockedAt(accountKey(username), now) || lockedAt(addressKey(address), now);
    }

    private boolean reserve(String key, int limit, Instant now) {
        boolean[] allowed = {true};
        failures.asMap().compute(key, (k, f) -> {
            Failures current = f == null || f.lockOver(now) ? new Failures(0, null) : f;
            if (current.lockedAt(now)) {
                allowed[0] = false;
                return current;
            }
            if (current.count() >= limit) {
                allowed[0] = false;
                return new Failures(current.count(), now.plus(properties.lockDuration()));
            }
            return new Failures(current.count() + 1, null);
        });
        return allowed[0];
    }

    private void lockIfAtLimit(String key, int limit, Instant now) {
        failures.asMap().computeIfPresent(key, (k, f) -> f.count() >= limit && f.lockedUntil() == null
                ? new Failures(f.count(), now.plus(properties.lockDuration())) : f);
    }

    private void release(String key) {
        failures.asMap().computeIfPresent(key, (k, f) -> f.count() <= 1 && f.lockedUntil() == null ? null
                : new Failures(Math.max(0, f.count() - 1), f.lockedUntil()));
    }

    private boolean lockedAt(String key, Instant now) {
        Failures f = failures.getIfPresent(key);
        return f != null && f.lockedAt(now);
    }

    private static String accountKey(String username) {
        return "account:" + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT));
    }

    /** IPv4 addresses one by one; IPv6 by /64, the block one subscriber usually holds. */
    static String addressKey(String address) {
        if (address != null && address.indexOf(':') >= 0) {
            try {
                byte[] bytes = InetAddress.getByName(address).getAddress();
                if (bytes.length == 16) {
                    return "address:" + HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
                }
            } catch (UnknownHostException e) {
                // not an address literal: use it as it is
            }
        }
        return "address:" + address;
    }
}
