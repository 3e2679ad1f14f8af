package org.hindsight.system;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Formats instants for the viewer: in the signed-in user's time zone, always with the zone named.
 * Templates call it as {@code ${@times.dateTime(instant)}}.
 */
@Component("times")
public class Times {

    private final java.time.Clock clock;

    public Times(java.time.Clock clock) {
        this.clock = clock;
    }

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm zzz", Locale.ENGLISH);
    /** The same, for a viewer who reads the 12-hour clock. */
    private static final DateTimeFormatter DATE_TIME_12 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd h:mm a zzz", Locale.ENGLISH);
    private static final DateTimeFormatter TIME_12 = DateTimeFormatter.ofPattern("h:mm a zzz", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);

    /** The viewer's time zone: the signed-in user's, UTC otherwise. */
    public ZoneId zone() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ZonedPrincipal principal) {
            return principal.getZone();
        }
        return UTC;
    }

    /** Whether the viewer reads {@code 2:05 PM} rather than {@code 14:05} (their profile says). */
    public boolean twelveHourClock() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof ZonedPrincipal principal
                && principal.isTwelveHourClock();
    }

    /** "2024-05-12 09:30 CEST" (or "2024-05-12 9:30 AM CEST"): one format in every view. */
    public String dateTime(Instant instant) {
        return instant == null ? "" : (twelveHourClock() ? DATE_TIME_12 : DATE_TIME).format(instant.atZone(zone()));
    }

    public String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant.atZone(zone()));
    }

    /** Time of day with the zone, for timeline rows (their day is shown in a heading). */
    public String time(Instant instant) {
        return instant == null ? "" : (twelveHourClock() ? TIME_12 : TIME).format(instant.atZone(zone()));
    }

    /** "Sunday, 12 May 2024": the day heading of a timeline, in the viewer's zone. */
    public String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant.atZone(zone()));
    }

    /** The name of the viewer's zone, e.g. {@code Europe/Berlin}. */
    public String zoneName() {
        return zone().getId();
    }

    /** "2h 30m", "45s", "3d 4h": a duration for people; empty for null. */
    public String duration(Long seconds) {
        if (seconds == null) {
            return "";
        }
        long s = Math.abs(seconds);
        String sign = seconds < 0 ? "-" : "";
        long days = s / 86_400;
        long hours = s % 86_400 / 3_600;
        long minutes = s % 3_600 / 60;
        if (days > 0) {
            return sign + days + "d " + hours + "h";
        }
        if (hours > 0) {
            return sign + hours + "h " + minutes + "m";
        }
        if (minutes > 0) {
            return sign + minutes + "m";
        }
        return sign + s + "s";
    }

    /** The duration between two instants, or from {@code from} until now when {@code to} is null. */
    public String duration(Instant from, Instant to) {
        if (from == null) {
            return "";
        }
        Instant end = to == null ? Instant.now(clock) : to;
        return duration(java.time.Duration.between(from, end).toSeconds());
    }

    /** Machine-readable form for {@code <time datetime>}. */
    public String iso(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
