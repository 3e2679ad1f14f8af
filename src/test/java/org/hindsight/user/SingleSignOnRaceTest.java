package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.hindsight.support.DatabaseLocks;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The same person's first sign-in through the provider twice at once (two tabs, a double click): both sign in, to the
 * one account made. No browser: {@link OidcAccounts#signIn} is what the callback calls once the provider's answer is
 * checked.
 */
@DatabaseTest
class SingleSignOnRaceTest {

    private static final String ISSUER = "https://id.example.com";

    @Autowired
    OidcAccounts accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void aSecondFirstSignInWaitingOnTheFirstsNewAccountSignsInToIt() throws Exception {
        String username = TestUsers.unique("twin");
        OidcUser person = person(username);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch firstInserted = new CountDownLatch(1);
            Future<HindsightUser> first = pool.submit(() -> transaction.execute(status -> {
                HindsightUser user = accounts.signIn(person);
                firstInserted.countDown();
                // the second sign-in found no account either and now waits on the unique key: commit only then
                DatabaseLocks.awaitAnotherSessionWaitingForALock(jdbc, 2);
                return user;
            }));
            Future<HindsightUser> second = pool.submit(() -> {
                firstInserted.await();
                return accounts.signIn(person);
            });
            HindsightUser one = first.get(30, TimeUnit.SECONDS);
            HindsightUser other = second.get(30, TimeUnit.SECONDS);
            assertThat(other.getId()).isEqualTo(one.getId());
            assertThat(accountsOf(username)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoFirstSignInsAtOnceBothSucceedWithOneAccount() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String username = TestUsers.unique("twins");
                OidcUser person = person(username);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<HindsightUser>> signIns = List.of(
                        pool.submit(() -> {
                            start.await();
                            return accounts.signIn(person);
                        }),
                        pool.submit(() -> {
                            start.await();
                            return accounts.signIn(person);
                        }));
                HindsightUser one = signIns.get(0).get(30, TimeUnit.SECONDS);
                HindsightUser other = signIns.get(1).get(30, TimeUnit.SECONDS);
                assertThat(other.getId()).as("round " + round).isEqualTo(one.getId());
                assertThat(accountsOf(username)).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Long> accountsOf(String username) {
        return jdbc.queryForList("select id from app_user where oidc_issuer = ? and oidc_subject = ?", Long.class,
                ISSUER, "sub-" + username);
    }

    private static OidcUser person(String username) {
        Instant now = Instant.now();
        OidcIdToken token = OidcIdToken.withTokenValue("id-token").issuer(ISSUER).subject("sub-" + username)
                .issuedAt(now).expiresAt(now.plusSeconds(300))
                .claims(claims -> claims.putAll(Map.of("preferred_username", username, "name", "Twin",
                        "email", username + "@example.com", "email_verified", true)))
                .build();
        return new DefaultOidcUser(List.of(), token);
    }
}
