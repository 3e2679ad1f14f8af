package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
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
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two admins demote each other at the same moment: one must be refused, so an enabled admin remains.
 * On PostgreSQL this needs more than the row lock (a locking query re-checks only the rows it locked).
 */
@DatabaseTest
class LastAdminRaceTest {

    private static final String ENABLED_ADMINS = "select u.id from app_user u join app_user_role r on r.user_id = u.id"
            + " where r.role = 'ADMIN' and u.enabled = true";

    @Autowired
    UserService service;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    private static void actAs(HindsightUser user) {
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
    }

    private UserForms.EditUser demotion(long id) {
        UserView user = service.get(id);
        return new UserForms.EditUser(user.displayName(), user.email(), user.timeZone(), Set.of(Role.MANAGER), true,
                user.version());
    }

    @Test
    void twoAdminsDemotingEachOtherLeaveOneAdmin() throws Exception {
        List<Long> others = jdbc.queryForList(ENABLED_ADMINS, Long.class);
        HindsightUser a = users.create("race-a", Role.ADMIN);
        HindsightUser b = users.create("race-b", Role.ADMIN);
        others.forEach(id -> jdbc.update("update app_user set enabled = false where id = ?", id));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            UserForms.EditUser demoteB = demotion(b.getId());
            UserForms.EditUser demoteA = demotion(a.getId());
            CountDownLatch firstHoldsLock = new CountDownLatch(1);
            Future<?> first = pool.submit(() -> {
                actAs(a);
                transaction.executeWithoutResult(status -> {
                    service.update(b.getId(), demoteB, a.getId());
                    firstHoldsLock.countDown();
                    // the second demotion starts meanwhile and waits for the lock: hold it until the database says so
                    DatabaseLocks.awaitAnotherSessionWaitingForALock(jdbc);
                });
            });
            Future<String> second = pool.submit(() -> {
                actAs(b);
                firstHoldsLock.await();
                try {
                    service.update(a.getId(), demoteA, b.getId());
                    return "committed";
                } catch (org.hindsight.system.ChangeRefusedException e) {
                    return e.getMessageCode();
                }
            });
            first.get(30, TimeUnit.SECONDS);
            assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("user.lastAdmin");
            assertThat(jdbc.queryForList(ENABLED_ADMINS, Long.class)).containsExactly(a.getId());
        } finally {
            pool.shutdownNow();
            others.forEach(id -> jdbc.update("update app_user set enabled = true where id = ?", id));
        }
    }
}
