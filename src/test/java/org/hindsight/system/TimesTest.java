package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

class TimesTest {

    private final Times times = new Times(java.time.Clock.fixed(Instant.parse("2024-05-13T00:00:00Z"), ZoneId.of("UTC")));
    private final Instant lateEvening = Instant.parse("2024-05-12T22:30:00Z");

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private void signInWithZone(String zone) {
        ZonedPrincipal principal = () -> ZoneId.of(zone);
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(principal, null, List.of()));
    }

    @Test
    void withoutASignedInUserTimesAreUtcAndSaySo() {
        assertThat(times.dateTime(lateEvening)).isEqualTo("2024-05-12 22:30 UTC");
    }

    @Test
    void durationsReadLikePeopleWriteThem() {
        assertThat(times.duration(45L)).isEqualTo("45s");
        assertThat(times.duration(9000L)).isEqualTo("2h 30m");
        assertThat(times.duration(3 * 86_400L + 4 * 3_600L)).isEqualTo("3d 4h");
        assertThat(times.duration((Long) null)).isEmpty();
        assertThat(times.duration(lateEvening, null)).as("ongoing: until the clock's now").isEqualTo("1h 30m");
    }

    @Test
    void timesAreShownInTheViewersZoneWithTheZoneNamed() {
        signInWithZone("Europe/Berlin");
        assertThat(times.dateTime(lateEvening)).isEqualTo("2024-05-13 00:30 CEST");
        assertThat(times.date(lateEvening)).isEqualTo("2024-05-13");
        assertThat(times.iso(lateEvening)).isEqualTo("2024-05-12T22:30:00Z");
    }
}
