package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.hindsight.support.MutableClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-12T09:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new LoginProperties(5, 20, Duration.ofMinutes(1)), clock);

    /** One complete failed sign-in; false when it was refused before the password was checked. */
    private boolean fail(String username, String address) {
        if (!throttle.tryAttempt(username, address)) {
            return false;
        }
        throttle.failed(username, address);
        return true;
    }

    @Test
    void fiveFailuresLockTheAccountForAMinute() {
        for (int i = 0; i < 5; i++) {
            assertThat(fail("alice", "10.0.0.1")).isTrue();
        }
        assertThat(throttle.isLocked("alice", "10.0.0.1")).isTrue();
        assertThat(throttle.tryAttempt("ALICE ", "10.9.9.9")).as("locked from any address, in any case").isFalse();
        assertThat(throttle.isLocked("bob", "10.0.0.1")).as("other accounts from that address are not").isFalse();

        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.isLocked("alice", "10.0.0.1")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.isLocked("alice", "10.0.0.1")).isFalse();
        assertThat(fail("alice", "10.0.0.1")).as("after the lock, counting starts again").isTrue();
        assertThat(throttle.isLocked("alice", "10.0.0.1")).isFalse();
    }

    @Test
    void parallelAttemptsCannotSlipPastTheLimit() {
        int admitted = 0;
        for (int i = 0; i < 50; i++) {
            // 50 attempts in flight at once: none has failed yet when the next one arrives
            if (throttle.tryAttempt("target", "10.0.1." + i)) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(5);
    }

    @Test
    void aSuccessReleasesItsReservationAndClearsTheAccount() {
        for (int i = 0; i < 4; i++) {
            fail("alice", "10.0.0.5");
        }
        assertThat(throttle.tryAttempt("alice", "10.0.0.5")).isTrue();
        throttle.succeeded("alice", "10.0.0.5");
        assertThat(fail("alice", "10.0.0.5")).isTrue();
        assertThat(throttle.isLocked("alice", "10.0.0.5")).isFalse();
    }

    @Test
    void unknownAccountsAreThrottledLikeRealOnes() {
        for (int i = 0; i < 5; i++) {
            fail("nobody-by-this-name", "10.0.0.2");
        }
        assertThat(throttle.isLocked("nobody-by-this-name", "10.0.0.2")).isTrue();
    }

    @Test
    void manyAccountsFromOneAddressLockTheAddress() {
        for (int i = 0; i < 20; i++) {
            fail("user" + i, "10.0.0.3");
        }
        assertThat(throttle.tryAttempt("someone-else", "10.0.0.3")).isFalse();
        assertThat(throttle.tryAttempt("someone-else", "10.0.0.4")).isTrue();
    }

    @Test
    void oldFailuresAreForgotten() {
        for (int i = 0; i < 4; i++) {
            fail("slow", "10.0.0.6");
        }
        clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
        fail("slow", "10.0.0.6");
        assertThat(throttle.isLocked("slow", "10.0.0.6")).as("four failures long ago and one now").isFalse();
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() {
        for (int i = 0; i < 20; i++) {
            fail("v6user" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertThat(throttle.tryAttempt("fresh", "2001:db8:1:2:ffff::9")).as("same /64").isFalse();
        assertThat(throttle.tryAttempt("fresh", "2001:db8:1:3::1")).as("another /64").isTrue();
        assertThat(LoginThrottle.addressKey("192.0.2.7")).isEqualTo("address:192.0.2.7");
    }

    @Test
    void anAbandonedAttemptDoesNotCount() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.tryAttempt("flaky", "10.0.0.7")).isTrue();
            throttle.abandoned("flaky", "10.0.0.7");
        }
        assertThat(throttle.isLocked("flaky", "10.0.0.7")).isFalse();
    }
}
