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

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ENGLISH);

    /** The viewer's time zone: the signed-in user's, UTC otherwise. */
    public ZoneId zone() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ZonedPrincipal principal) {
            return principal.getZone();
        }
        return UTC;
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(zone()));
    }

    public String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant.atZone(zone()));
    }

    /** Machine-readable form for {@code <time datetime>}. */
    public String iso(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
