package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hindsight.support.TestUsers.from;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;

/**
 * Sign-in throttling under load, through the real security filters and password checks: many requests with the
 * right password at once are all answered, while wrong passwords sent at once still lock after the limit.
 */
@DatabaseTest
class SignInUnderLoadTest {

    /**
     * The accounts of these tests get a BCrypt hash of strength 8 (about 15 ms a check, instead of the test
     * accounts' 1 ms), so that many password checks really are in flight at the same time, as in production.
     */
    private static final String SLOW_HASH = "{bcrypt}" + new BCryptPasswordEncoder(8).encode(TestUsers.PASSWORD);

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    private HindsightUser account(String base) {
        HindsightUser user = users.create(base, Role.RESPONDER);
        jdbc.update("update app_user set password_hash = ? where id = ?", SLOW_HASH, user.getId());
        return user;
    }

    /**
     * Sends {@code threads × each} requests from {@code threads} threads that start together, and counts the
     * answers by status.
     */
    private Map<Integer, Integer> sendInParallel(int threads, int each, IntFunction<RequestBuilder> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<Integer>>> clients = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int client = t;
                clients.add(pool.submit(() -> {
                    go.await();
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        statuses.add(mvc.perform(request.apply(client)).andReturn().getResponse().getStatus());
                    }
                    return statuses;
                }));
            }
            go.countDown();
            Map<Integer, Integer> byStatus = new TreeMap<>();
            for (Future<List<Integer>> client : clients) {
                for (int status : client.get(2, TimeUnit.MINUTES)) {
                    byStatus.merge(status, 1, Integer::sum);
                }
            }
            return byStatus;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixteenParallelBasicClientsOfOneAccountAreAllAnswered() throws Exception {
        HindsightUser script = account("script");
        Map<Integer, Integer> answers = sendInParallel(16, 20, client -> get("/api/me")
                .with(httpBasic(script.getUsername(), TestUsers.PASSWORD)).with(from("10.61.0." + (client + 1))));
        assertThat(answers).as("status -> count").containsExactly(Map.entry(200, 16 * 20));
    }

    @Test
    void twentyWrongPasswordsSentAtOnceHaveAtMostFiveCheckedAndLockTheAccount() throws Exception {
        HindsightUser victim = account("victim");
        Map<Integer, Integer> answers = sendInParallel(20, 1, client -> get("/api/me")
                .with(httpBasic(victim.getUsername(), "wrong-password-" + client)).with(from("10.61.2." + (client + 1))));
        assertThat(answers).as("status -> count").containsExactly(Map.entry(401, 20));
        assertThat(jdbc.queryForObject("select failures from login_failure where throttle_key = ?", Integer.class,
                "account:" + victim.getUsername())).as("wrong passwords checked").isEqualTo(5);

        mvc.perform(get("/api/me").with(httpBasic(victim.getUsername(), TestUsers.PASSWORD)).with(from("10.61.2.99")))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/login").param("username", victim.getUsername()).param("password", TestUsers.PASSWORD)
                .with(csrf()).with(from("10.61.2.98"))).andExpect(redirectedUrl("/login?locked"));
    }

    @Test
    void manyParallelRequestsFromOneAddressWithTheRightPasswordsDoNotLockIt() throws Exception {
        List<HindsightUser> office = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            office.add(account("office"));
        }
        Map<Integer, Integer> answers = sendInParallel(24, 4, client -> get("/api/me")
                .with(httpBasic(office.get(client % 8).getUsername(), TestUsers.PASSWORD)).with(from("10.61.1.1")));
        assertThat(answers).as("status -> count").containsExactly(Map.entry(200, 24 * 4));

        HindsightUser newcomer = users.create("newcomer", Role.VIEWER);
        mvc.perform(post("/login").param("username", newcomer.getUsername()).param("password", TestUsers.PASSWORD)
                .with(csrf()).with(from("10.61.1.1"))).andExpect(redirectedUrl("/"));
    }
}
