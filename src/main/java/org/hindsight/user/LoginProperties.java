package org.hindsight.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sign-in throttling: after this many failures in a row an account, or a client address, is locked for
 * {@code lockDuration}. The per-address limit is higher because a whole office may share one address.
 */
@ConfigurationProperties("hindsight.login")
public record LoginProperties(int maxFailuresPerAccount, int maxFailuresPerAddress, Duration lockDuration) {
}
