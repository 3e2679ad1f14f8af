package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hindsight.support.TestUsers.from;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.MutableClock;
import org.hindsight.support.TestUsers;
import org.hindsight.user.DatabaseUserDetailsService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The throttle on the real database: what counts, what locks, for how long, and that instances of the
 * application sharing the database share the counts. Each test uses names and client addresses of its own.
 */
@DatabaseTest
class LoginThrottleTest {

    private static final LoginProperties LIMITS = new LoginProperties(5, 20, Duration.ofMinutes(1));

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    /** A throttle as one more instance of the application would have it: its own memory, the shared database. */
    private LoginThrottle instance(Clock clock, Duration maxWait) {
        return new LoginThrottle(LIMITS, clock, new LoginFailureStore(dataSource), maxWait);
    }

    private LoginThrottle throttle;

    @BeforeEach
    void newInstance() {
        throttle = instance(clock, LoginThrottle.MAX_WAIT);
    }

    /** One complete failed sign-in; false when it was refused before the password was checked. */
    private static boolean fail(LoginThrottle throttle, String username, String address) {
        try {
            throttle.admit(username, address).failed();
            return true;
        } catch (LoginThrottle.TooManyFailuresException locked) {
            return false;
        }
    }

    private boolean fail(String username, String address) {
        return fail(throttle, username, address);
    }

    private boolean admitted(String username, String address) {
        try {
            throttle.admit(username, address).abandoned();
            return true;
        } catch (LoginThrottle.TooManyFailuresException locked) {
            return false;
        }
    }

    private Integer failuresRecorded(String key) {
        return jdbc.query("select failures from login_failure where throttle_key = ?",
                rs -> rs.next() ? rs.getInt(1) : null, key);
    }

    @Test
    void fiveFailuresLockTheAccountForAMinute() {
        String alice = TestUsers.unique("alice");
        for (int i = 0; i < 5; i++) {
            assertThat(fail(alice, "10.77.0.1")).isTrue();
        }
        assertThat(throttle.isLocked(alice, "10.77.0.1")).isTrue();
        assertThat(admitted(alice.toUpperCase() + " ", "10.77.9.9")).as("locked from any address, in any case").isFalse();
        assertThat(throttle.isLocked(TestUsers.unique("bob"), "10.77.0.1")).as("other accounts from that address are not").isFalse();

        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.isLocked(alice, "10.77.0.1")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.isLocked(alice, "10.77.0.1")).isFalse();
        assertThat(fail(alice, "10.77.0.1")).as("after the lock, counting starts again").isTrue();
        assertThat(throttle.isLocked(alice, "10.77.0.1")).isFalse();
        assertThat(failuresRecorded("account:" + alice)).isEqualTo(1);
    }

    @Test
    void parallelWrongGuessesCannotSlipPastTheLimitAndWaitRatherThanBeingRefused() throws Exception {
        String target = TestUsers.unique("target");
        int guesses = 50;
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch answer = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                String address = "10.77.1." + i;
                all.add(pool.submit(() -> {
                    try {
                        LoginThrottle.Attempt attempt = throttle.admit(target, address);
                        admitted.incrementAndGet();
                        answer.await();
                        attempt.failed();
                    } catch (LoginThrottle.TooManyFailuresException locked) {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (admitted.get() < 5 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            Thread.sleep(300);
            assertThat(admitted.get()).as("checks in flight: the limit").isEqualTo(5);
            assertThat(refused.get()).as("the others wait: nothing has failed yet").isZero();

            answer.countDown(); // the five checks find wrong passwords
            for (Future<?> guess : all) {
                guess.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admitted.get()).as("passwords checked").isEqualTo(5);
        assertThat(refused.get()).isEqualTo(guesses - 5);
        assertThat(failuresRecorded("account:" + target)).isEqualTo(5);
        assertThat(throttle.isLocked(target, "10.77.1.200")).isTrue();
    }

    @Test
    void aSignInWaitingForChecksInFlightIsAdmittedWhenOneEnds() throws Exception {
        String carol = TestUsers.unique("carol");
        List<LoginThrottle.Attempt> inFlight = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inFlight.add(throttle.admit(carol, "10.77.2." + i));
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<LoginThrottle.Attempt> sixth = pool.submit(() -> throttle.admit(carol, "10.77.2.99"));
            Thread.sleep(300);
            assertThat(sixth).as("waits while five checks could still lock the account").isNotDone();
            inFlight.get(0).succeeded();
            sixth.get(5, TimeUnit.SECONDS).succeeded();
        } finally {
            pool.shutdownNow();
        }
        inFlight.subList(1, 5).forEach(LoginThrottle.Attempt::succeeded);
        assertThat(failuresRecorded("account:" + carol)).as("a sign-in with no failure writes nothing").isNull();
    }

    @Test
    void aWaitIsBounded() throws Exception {
        LoginThrottle impatient = instance(clock, Duration.ofMillis(300));
        String dave = TestUsers.unique("dave");
        List<LoginThrottle.Attempt> inFlight = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inFlight.add(impatient.admit(dave, "10.77.3." + i));
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.admit(dave, "10.77.3.99")).isInstanceOf(LoginThrottle.BusyException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        inFlight.forEach(LoginThrottle.Attempt::abandoned);
        impatient.admit(dave, "10.77.3.99").succeeded();
    }

    @Test
    void aSuccessClearsTheAccount() {
        String erin = TestUsers.unique("erin");
        for (int i = 0; i < 4; i++) {
            fail(erin, "10.77.4.1");
        }
        throttle.admit(erin, "10.77.4.1").succeeded();
        assertThat(failuresRecorded("account:" + erin)).isNull();
        assertThat(fail(erin, "10.77.4.1")).isTrue();
        assertThat(throttle.isLocked(erin, "10.77.4.1")).isFalse();
        assertThat(failuresRecorded("address:10.77.4.1")).as("the address's failures stay").isEqualTo(5);
    }

    @Test
    void unknownAccountsAreThrottledLikeRealOnes() {
        String nobody = TestUsers.unique("nobody-by-this-name");
        for (int i = 0; i < 5; i++) {
            fail(nobody, "10.77.5.1");
        }
        assertThat(throttle.isLocked(nobody, "10.77.5.1")).isTrue();
    }

    @Test
    void manyAccountsFromOneAddressLockTheAddress() {
        for (int i = 0; i < 20; i++) {
            fail(TestUsers.unique("user"), "10.77.6.1");
        }
        assertThat(admitted(TestUsers.unique("someone-else"), "10.77.6.1")).isFalse();
        assertThat(admitted(TestUsers.unique("someone-else"), "10.77.6.2")).isTrue();
    }

    @Test
    void failuresAreForgottenAfterFifteenQuietMinutes() {
        String slow = TestUsers.unique("slow");
        for (int i = 0; i < 4; i++) {
            fail(slow, "10.77.7.1");
        }
        clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
        fail(slow, "10.77.7.1");
        assertThat(throttle.isLocked(slow, "10.77.7.1")).as("four failures long ago and one now").isFalse();

        String steady = TestUsers.unique("steady");
        for (int i = 0; i < 4; i++) {
            fail(steady, "10.77.7.2");
            clock.advance(Duration.ofMinutes(14));
        }
        fail(steady, "10.77.7.2");
        assertThat(throttle.isLocked(steady, "10.77.7.2")).as("never quiet for 15 minutes").isTrue();
    }

    @Test
    void forgottenRowsAreDeleted() {
        String old = TestUsers.unique("old");
        fail(old, "10.77.8.1");
        assertThat(failuresRecorded("account:" + old)).isEqualTo(1);
        clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
        fail(TestUsers.unique("new"), "10.77.8.2"); // an instance cleans up now and then when it records a failure
        assertThat(failuresRecorded("account:" + old)).isNull();
        assertThat(failuresRecorded("address:10.77.8.1")).isNull();
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() {
        for (int i = 0; i < 20; i++) {
            fail(TestUsers.unique("v6user"), "2001:db8:77:2::" + Integer.toHexString(i + 1));
        }
        assertThat(admitted(TestUsers.unique("fresh"), "2001:db8:77:2:ffff::9")).as("same /64").isFalse();
        assertThat(admitted(TestUsers.unique("fresh"), "2001:db8:77:3::1")).as("another /64").isTrue();
        assertThat(LoginThrottle.addressKey("192.0.2.7")).isEqualTo("address:192.0.2.7");
    }

    @Test
    void anAbandonedAttemptDoesNotCount() {
        String flaky = TestUsers.unique("flaky");
        for (int i = 0; i < 10; i++) {
            throttle.admit(flaky, "10.77.9.1").abandoned();
        }
        assertThat(throttle.isLocked(flaky, "10.77.9.1")).isFalse();
        assertThat(failuresRecorded("account:" + flaky)).isNull();
    }

    @Test
    void aVeryLongNameIsCountedUnderItsDigest() {
        String longName = "x".repeat(5_000) + TestUsers.unique("long");
        for (int i = 0; i < 5; i++) {
            assertThat(fail(longName, "10.77.10." + i)).isTrue();
        }
        assertThat(throttle.isLocked(longName, "10.77.10.99")).isTrue();
        assertThat(throttle.isLocked("x".repeat(5_000), "10.77.10.99")).isFalse();
    }

    @Test
    void firstFailuresOfOneKeyRecordedAtOnceByManyInstancesAreAllCounted() throws Exception {
        int instances = 8;
        List<LoginFailureStore> stores = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            stores.add(new LoginFailureStore(dataSource));
        }
        Instant now = clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            for (int round = 0; round < 10; round++) {
                String key = "account:" + TestUsers.unique("race");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> all = new ArrayList<>();
                for (LoginFailureStore store : stores) {
                    all.add(pool.submit(() -> {
                        go.await();
                        store.countFailure(key, 5, now, now.minus(LoginThrottle.WINDOW), now.plusSeconds(60),
                                now.plus(LoginThrottle.WINDOW));
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> one : all) {
                    one.get(30, TimeUnit.SECONDS);
                }
                assertThat(failuresRecorded(key)).isEqualTo(instances);
                assertThat(stores.get(0).read(key, key).get(key).lockedUntil()).isEqualTo(now.plusSeconds(60));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- two instances of the application on one database

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    DatabaseUserDetailsService userDetails;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    Clock appClock;

    /** The sign-in of a second instance of the application: its own throttle and password checks, this database. */
    private AuthenticationManager secondInstance() {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(userDetails);
        passwords.setPasswordEncoder(passwordEncoder);
        return new ProviderManager(new ThrottledAuthenticationProvider(passwords, instance(appClock, LoginThrottle.MAX_WAIT)));
    }

    private static UsernamePasswordAuthenticationToken credentials(String username, String password, String address) {
        var token = UsernamePasswordAuthenticationToken.unauthenticated(username, password);
        token.setDetails(new WebAuthenticationDetails(address, null));
        return token;
    }

    @Test
    void fiveWrongPasswordsAlternatingBetweenTwoInstancesLockTheAccount() throws Exception {
        HindsightUser frank = users.create("frank", Role.VIEWER);
        AuthenticationManager second = secondInstance();
        for (int i = 0; i < 5; i++) {
            String address = "10.77.11." + i;
            if (i % 2 == 0) { // this instance, through the sign-in form
                mvc.perform(post("/login").param("username", frank.getUsername()).param("password", "wrong-" + i)
                        .with(csrf()).with(from(address))).andExpect(redirectedUrl("/login?error"));
            } else { // the other instance
                assertThatThrownBy(() -> second.authenticate(credentials(frank.getUsername(), "wrong-password", address)))
                        .isInstanceOf(BadCredentialsException.class);
            }
        }
        assertThatThrownBy(() -> second.authenticate(credentials(frank.getUsername(), TestUsers.PASSWORD, "10.77.11.98")))
                .as("locked on the other instance").isInstanceOf(LoginThrottle.TooManyFailuresException.class);
        mvc.perform(post("/login").param("username", frank.getUsername()).param("password", TestUsers.PASSWORD)
                .with(csrf()).with(from("10.77.11.99"))).andExpect(redirectedUrl("/login?locked"));
    }

    @Test
    void fourWrongPasswordsOnTwoInstancesDoNotLockAndTheRightOneClearsThem() throws Exception {
        HindsightUser grace = users.create("grace", Role.VIEWER);
        AuthenticationManager second = secondInstance();
        for (int i = 0; i < 4; i++) {
            String address = "10.77.12." + i;
            if (i % 2 == 0) {
                mvc.perform(post("/login").param("username", grace.getUsername()).param("password", "wrong-" + i)
                        .with(csrf()).with(from(address))).andExpect(redirectedUrl("/login?error"));
            } else {
                assertThatThrownBy(() -> second.authenticate(credentials(grace.getUsername(), "wrong-password", address)))
                        .isInstanceOf(BadCredentialsException.class);
            }
        }
        assertThat(second.authenticate(credentials(grace.getUsername(), TestUsers.PASSWORD, "10.77.12.98"))
                .isAuthenticated()).isTrue();
        assertThat(failuresRecorded("account:" + grace.getUsername())).isNull();
    }
}
