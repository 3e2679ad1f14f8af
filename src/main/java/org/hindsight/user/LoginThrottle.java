package org.hindsight.user;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.hindsight.system.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per account name and per client address (IPv6 by its /64 network) in the database, so
 * that every instance of the application sees the same counts, and locks either for a while once it reaches its
 * limit. Only failures count: any number of sign-ins with the right password may run at once.
 *
 * <p>So that wrong passwords sent in parallel cannot slip past the limit, an instance lets a password be checked
 * only while the key's recorded failures plus the checks this instance has in flight for it stay below the
 * limit; other attempts wait (at most {@link #MAX_WAIT}) until a check ends, and are then admitted, or refused
 * because the failures locked the key. A right password is therefore never refused because others are in
 * flight, only delayed by at most a few password checks. Across instances the in-flight checks are not shared:
 * guesses arriving at the same moment on n instances may have up to n times the limit checked before the lock.
 *
 * <p>A sign-in with no failure recorded costs one read by primary key and no write. Names that do not exist
 * are counted the same way, so the answer never tells whether an account exists. Failures are forgotten after a
 * quiet {@link #WINDOW}; rows nobody needs any more are deleted now and then by whichever instance records a
 * failure.
 */
@Component
public class LoginThrottle {

    /** Failures older than this, with no failure since, are forgotten. */
    static final Duration WINDOW = Duration.ofMinutes(15);
    /** The longest an attempt waits for the checks in flight before it (a few password checks in practice). */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** A waiting attempt looks at the database again at least this often (another instance may have locked). */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** How often an instance deletes forgotten rows (when it records a failure). */
    private static final Duration CLEAN_UP_EVERY = Duration.ofMinutes(5);
    private static final int MAX_KEY_LENGTH = 150;

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final LoginProperties properties;
    private final Clock clock;
    private final LoginFailureStore store;
    private final long maxWaitNanos;
    private final Duration keepRows;

    /** Guards {@link #keys}; signalled whenever a check ends. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition checkEnded = lock.newCondition();
    /** This instance's state of the keys it has attempts for (admitted or waiting); empty when idle. */
    private final Map<String, KeyState> keys = new HashMap<>();
    /** Numbers the attempts in the order they arrive. */
    private long arrivals;
    private final AtomicReference<Instant> nextCleanUp = new AtomicReference<>(Instant.MIN);

    @Autowired
    public LoginThrottle(LoginProperties properties, Clock clock, LoginFailureStore store) {
        this(properties, clock, store, MAX_WAIT);
    }

    LoginThrottle(LoginProperties properties, Clock clock, LoginFailureStore store, Duration maxWait) {
        this.properties = properties;
        this.clock = clock;
        this.store = store;
        this.maxWaitNanos = maxWait.toNanos();
        this.keepRows = properties.lockDuration().compareTo(WINDOW) > 0 ? properties.lockDuration() : WINDOW;
    }

    /** Too many failed sign-ins for this account or address: try again later. */
    public static class TooManyFailuresException extends AuthenticationException {
        TooManyFailuresException() {
            super("Too many failed sign-ins; try again in a minute");
        }
    }

    /** The checks in flight for this account or address did not end in time: try again in a moment. */
    public static class BusyException extends AuthenticationServiceException {
        BusyException() {
            super("Too many sign-ins at once for this account or address; try again in a moment");
        }
    }

    /** What this instance knows about one key beyond the database. */
    private static final class KeyState {
        /** Password checks admitted and not yet ended. */
        int inFlight;
        /** Failures this instance recorded (ever, while the state lives): a read older than one misses them. */
        long failuresRecorded;
        /** Attempts holding this state (admitted or deciding): it is dropped when none is left. */
        int holders;
        /** The arrival turns of the attempts not yet admitted or refused, first come first. */
        final TreeSet<Long> deciding = new TreeSet<>();
    }

    /** Failures in force for one key. */
    private record Count(int failures, boolean locked) {
        static final Count NONE = new Count(0, false);
    }

    /**
     * Admits one password check for this account name and address, waiting while earlier checks are in flight
     * that could lock them. The returned attempt must be ended exactly once: {@link Attempt#succeeded()},
     * {@link Attempt#failed()} or {@link Attempt#abandoned()}.
     *
     * @throws TooManyFailuresException when the account or the address is locked
     * @throws BusyException            when the checks in flight did not end within {@link #MAX_WAIT}
     */
    public Attempt admit(String username, String address) {
        String account = accountKey(username);
        String network = addressKey(address);
        long deadline = System.nanoTime() + maxWaitNanos;
        KeyState accountState;
        KeyState networkState;
        long turn;
        lock.lock();
        try {
            turn = ++arrivals;
            accountState = hold(account, turn);
            networkState = hold(network, turn);
        } finally {
            lock.unlock();
        }
        boolean admitted = false;
        try {
            while (true) {
                long accountSeen;
                long networkSeen;
                lock.lock();
                try {
                    // first come, first served: an attempt waits for those that arrived before it on its keys
                    while (accountState.deciding.first() != turn || networkState.deciding.first() != turn
                            || accountState.inFlight >= properties.maxFailuresPerAccount()
                            || networkState.inFlight >= properties.maxFailuresPerAddress()) {
                        awaitCheckEnded(deadline, Long.MAX_VALUE);
                    }
                    accountSeen = accountState.failuresRecorded;
                    networkSeen = networkState.failuresRecorded;
                } finally {
                    lock.unlock();
                }
                Instant now = clock.instant();
                Map<String, LoginFailureStore.Failures> rows = store.read(account, network);
                Count accountCount = inForce(rows.get(account), now);
                Count networkCount = inForce(rows.get(network), now);
                if (accountCount.locked() || networkCount.locked()
                        || accountCount.failures() >= properties.maxFailuresPerAccount()
                        || networkCount.failures() >= properties.maxFailuresPerAddress()) {
                    throw new TooManyFailuresException();
                }
                lock.lock();
                try {
                    // failures this instance recorded since the read are counted too
                    long accountFailures = accountCount.failures() + accountState.failuresRecorded - accountSeen;
                    long networkFailures = networkCount.failures() + networkState.failuresRecorded - networkSeen;
                    boolean accountFree = accountFailures + accountState.inFlight < properties.maxFailuresPerAccount();
                    boolean networkFree = networkFailures + networkState.inFlight < properties.maxFailuresPerAddress();
                    if (accountFree && networkFree) {
                        accountState.inFlight++;
                        networkState.inFlight++;
                        accountState.deciding.remove(turn);
                        networkState.deciding.remove(turn);
                        checkEnded.signalAll(); // the next in line may be admitted too
                        admitted = true;
                        return new Attempt(account, network, accountState, networkState,
                                rows.containsKey(account));
                    }
                    boolean checksToWaitFor = (!accountFree && accountState.inFlight > 0)
                            || (!networkFree && networkState.inFlight > 0);
                    if (checksToWaitFor) {
                        // one of them ends (or another instance changes the counts): read again
                        awaitCheckEnded(deadline, POLL_NANOS);
                    }
                    // otherwise failures recorded since the read reached the limit: read the lock they made
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        } finally {
            if (!admitted) {
                lock.lock();
                try {
                    accountState.deciding.remove(turn);
                    networkState.deciding.remove(turn);
                    release(account, accountState);
                    release(network, networkState);
                    checkEnded.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Waits (holding {@link #lock}) until a check ends, at most {@code maxNanos} and never past the deadline. */
    private void awaitCheckEnded(long deadline, long maxNanos) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new BusyException();
        }
        checkEnded.awaitNanos(Math.min(left, maxNanos));
    }

    /** Whether the account or the address is locked now. */
    public boolean isLocked(String username, String address) {
        String account = accountKey(username);
        String network = addressKey(address);
        Instant now = clock.instant();
        Map<String, LoginFailureStore.Failures> rows = store.read(account, network);
        return inForce(rows.get(account), now).locked() || inForce(rows.get(network), now).locked();
    }

    /** One admitted password check; ends exactly once. */
    public final class Attempt {
        private final String account;
        private final String network;
        private final KeyState accountState;
        private final KeyState networkState;
        private final boolean accountHadFailures;
        private boolean ended;

        private Attempt(String account, String network, KeyState accountState, KeyState networkState,
                boolean accountHadFailures) {
            this.account = account;
            this.network = network;
            this.accountState = accountState;
            this.networkState = networkState;
            this.accountHadFailures = accountHadFailures;
        }

        /** The password was right: the account's failures are forgotten (the address's are not). */
        public void succeeded() {
            try {
                if (!ended && accountHadFailures) {
                    store.clear(account, clock.instant());
                }
            } catch (RuntimeException e) {
                // the sign-in stands; its earlier failures stay until forgotten
                log.warn("Could not clear the sign-in failures of a successful sign-in", e);
            } finally {
                end(false);
            }
        }

        /**
         * The password was wrong (or the account unknown or disabled): counted for the account and the address.
         *
         * @return whether this failure locked the account or the address (the failure that reached the limit)
         */
        public boolean failed() {
            boolean locked = false;
            try {
                if (!ended) {
                    Instant now = clock.instant();
                    Instant forgetBefore = now.minus(WINDOW);
                    Instant lockEnd = now.plus(properties.lockDuration());
                    Instant forgetAt = now.plus(keepRows);
                    store.countFailure(account, properties.maxFailuresPerAccount(), now, forgetBefore, lockEnd, forgetAt);
                    store.countFailure(network, properties.maxFailuresPerAddress(), now, forgetBefore, lockEnd, forgetAt);
                    cleanUpNowAndThen(now);
                    // not locked when admitted, so a lock in force now is this failure's (or one at the same moment)
                    Map<String, LoginFailureStore.Failures> rows = store.read(account, network);
                    locked = inForce(rows.get(account), now).locked() || inForce(rows.get(network), now).locked();
                }
            } catch (RuntimeException e) {
                // the sign-in is refused all the same; the database will say more on the next attempt
                log.warn("Could not record a failed sign-in", e);
            } finally {
                end(true);
            }
            return locked;
        }

        /** The check ended without an answer (e.g. the database was down): it does not count. */
        public void abandoned() {
            end(false);
        }

        private void end(boolean failure) {
            lock.lock();
            try {
                if (ended) {
                    return;
                }
                ended = true;
                if (failure) {
                    // counted even if recording it failed: waiting attempts then read again rather than guess
                    accountState.failuresRecorded++;
                    networkState.failuresRecorded++;
                }
                accountState.inFlight--;
                networkState.inFlight--;
                release(account, accountState);
                release(network, networkState);
                checkEnded.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private KeyState hold(String key, long turn) {
        KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
        state.holders++;
        state.deciding.add(turn);
        return state;
    }

    private void release(String key, KeyState state) {
        if (--state.holders == 0) {
            keys.remove(key);
        }
    }

    private static Count inForce(LoginFailureStore.Failures row, Instant now) {
        if (row == null) {
            return Count.NONE;
        }
        if (row.lockedUntil() != null) {
            return row.lockedUntil().isAfter(now) ? new Count(row.failures(), true) : Count.NONE;
        }
        return row.lastFailureAt().plus(WINDOW).isAfter(now) ? new Count(row.failures(), false) : Count.NONE;
    }

    private void cleanUpNowAndThen(Instant now) {
        Instant due = nextCleanUp.get();
        if (now.isBefore(due) || !nextCleanUp.compareAndSet(due, now.plus(CLEAN_UP_EVERY))) {
            return;
        }
        try {
            int deleted = store.deleteForgotten(now);
            if (deleted > 0) {
                log.debug("Deleted {} forgotten sign-in failure rows", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete forgotten sign-in failures; trying again later", e);
        }
    }

    static String accountKey(String username) {
        return bounded("account:", username == null ? "" : username.trim().toLowerCase(Locale.ROOT));
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
        return bounded("address:", String.valueOf(address));
    }

    /** The key as it is, or its SHA-256 when it is too long for the table (anyone may type a long name). */
    private static String bounded(String kind, String value) {
        if (kind.length() + value.length() <= MAX_KEY_LENGTH) {
            return kind + value;
        }
        return kind + "sha256=" + Sha256.hex(value);
    }
}
