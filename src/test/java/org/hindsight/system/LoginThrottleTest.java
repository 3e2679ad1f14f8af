package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.hindsight.support.MutableClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-12T09:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new LoginProperties(5, 20, Duration.ofMinutes(1)), clock);

    @Test
    void fiveFailuresLockTheAccountForAMinute() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("alice", "10.0.0.1");
        }
        assertThat(throttle.isLocked("alice", "10.0.0.1")).isFalse();
        throttle.recordFailure("alice", "10.0.0.1");
        assertThat(throttle.isLocked("alice", "10.0.0.1")).isTrue();
        assertThat(throttle.isLocked("ALICE ", "10.9.9.9")).as("the account is locked from any address, in any case")
                .isTrue();
        assertThat(throttle.isLocked("bob", "10.0.0.1")).as("other accounts from that address are not").isFalse();

        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.isLocked("alice", "10.0.0.1")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.isLocked("alice", "10.0.0.1")).isFalse();
    }

    @Test
    void afterALockExpiresCountingStartsAgain() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("alice", "10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(1));
        throttle.recordFailure("alice", "10.0.0.1");
        assertThat(throttle.isLocked("alice", "10.0.0.1")).isFalse();
    }

    @Test
    void unknownAccountsAreThrottledLikeRealOnes() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("nobody-by-this-name", "10.0.0.2");
        }
        assertThat(throttle.isLocked("nobody-by-this-name", "10.0.0.2")).isTrue();
    }

    @Test
    void manyAccountsFromOneAddressLockTheAddress() {
        for (int i = 0; i < 20; i++) {
            throttle.recordFailure("user" + i, "10.0.0.3");
        }
        assertThat(throttle.isLocked("someone-else", "10.0.0.3")).isTrue();
        assertThat(throttle.isLocked("someone-else", "10.0.0.4")).isFalse();
    }

    @Test
    void successClearsTheAccountsFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("alice", "10.0.0.5");
        }
        throttle.recordSuccess("alice");
        throttle.recordFailure("alice", "10.0.0.5");
        assertThat(throttle.isLocked("alice", "10.0.0.5")).isFalse();
    }
}
