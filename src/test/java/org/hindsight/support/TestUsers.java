package org.hindsight.support;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.EntityManager;

import org.hindsight.system.SharedChanges;
import org.hindsight.user.DatabaseUserDetailsService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.hindsight.user.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Real accounts in the test database, one per test need, with a known password. */
public class TestUsers {

    public static final String PASSWORD = "correct-horse-battery-staple";
    /**
     * The test accounts' password, hashed once with BCrypt at the lowest strength (4): the application's encoder
     * reads the strength from the hash, so every sign-in of a test account costs about a millisecond instead of the
     * 70 ms of the strength-10 hashes the application itself stores (AdminUsersTest checks that it does).
     */
    private static final String PASSWORD_HASH = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    // accounts are stored as entities: the user module's repository is its own (package-private)
    private final EntityManager entities;
    private final TransactionTemplate transaction;
    private final DatabaseUserDetailsService details;
    private final SharedChanges shared;

    TestUsers(EntityManager entities, PlatformTransactionManager transactions, DatabaseUserDetailsService details,
            SharedChanges shared) {
        this.entities = entities;
        this.transaction = new TransactionTemplate(transactions);
        this.details = details;
        this.shared = shared;
    }

    /** A username no other test uses. */
    public static String unique(String base) {
        return base + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
    }

    /** A new account with a unique username based on {@code base}, holding {@code roles}. */
    public HindsightUser create(String base, Role... roles) {
        return create(base, ZoneId.of("UTC"), roles);
    }

    public HindsightUser create(String base, ZoneId zone, Role... roles) {
        return createNamed(unique(base), zone, roles);
    }

    /** A new account with exactly this username (the test must make sure no other test uses it). */
    public HindsightUser createNamed(String username, ZoneId zone, Role... roles) {
        transaction.executeWithoutResult(status -> entities.persist(new User(username, "Test " + username,
                username + "@example.com", PASSWORD_HASH, zone, Set.of(roles), Instant.now())));
        // as the app does for an account it creates: the owner and commander choices offer it at once
        shared.changed(SharedChanges.Topic.CHOICES);
        shared.poll();
        return details.loadUserByUsername(username);
    }

    /** Reloads an account as it is now. */
    public HindsightUser reload(String username) {
        return details.loadUserByUsername(username);
    }

    /** A request coming from a given client address (each test that fails sign-ins uses its own). */
    public static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
