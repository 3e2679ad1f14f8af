package org.hindsight.action;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hindsight.incident.IncidentLabel;
import org.hindsight.incident.IncidentService;
import org.hindsight.system.Audited;
import org.hindsight.system.Sha256;
import org.hindsight.user.User;
import org.hindsight.user.UserDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A personal iCalendar feed of the user's open action items, one all-day event on each item's due date. The
 * feed's URL carries a random secret (256 bits) that is the only credential; only its SHA-256 is stored, so the
 * URL is shown once, when it is made. Regenerating replaces it, revoking removes it.
 */
@Service
@Transactional
class CalendarFeed {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final CalendarTokenRepository tokens;
    private final ActionItemRepository items;
    private final UserDirectory users;
    private final IncidentService incidents;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    CalendarFeed(CalendarTokenRepository tokens, ActionItemRepository items, UserDirectory users, IncidentService incidents,
            Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.tokens = tokens;
        this.items = items;
        this.users = users;
        this.incidents = incidents;
        this.clock = clock;
    }

    /** A new secret for the user, replacing any earlier one (whose URL stops working). */
    String regenerate(long userId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        tokens.findById(userId).ifPresentOrElse(t -> t.replace(hash(token), now),
                () -> tokens.save(new CalendarToken(userId, hash(token), now)));
        events.publishEvent(Audited.happened("calendar feed", owner(userId), null, "NEW_SECRET"));
        return token;
    }

    void revoke(long userId) {
        tokens.findById(userId).ifPresent(token -> {
            tokens.delete(token);
            events.publishEvent(Audited.happened("calendar feed", owner(userId), null, Audited.DELETED));
        });
    }

    /** The feed's owner as the audit trail names it. */
    private String owner(long userId) {
        return users.byId(userId).map(User::getUsername).orElse(String.valueOf(userId));
    }

    /** When the user's current feed URL was made, if there is one. */
    @Transactional(readOnly = true)
    Optional<Instant> createdAt(long userId) {
        return tokens.findById(userId).map(CalendarToken::getCreatedAt);
    }

    /** The feed for a presented secret; empty for an unknown or revoked one, or a disabled account. */
    @Transactional(readOnly = true)
    Optional<String> feed(String presented, String baseUrl) {
        if (presented == null || presented.length() != 43) {
            return Optional.empty();
        }
        return tokens.findByTokenHash(hash(presented))
                .flatMap(t -> users.byId(t.getUserId()))
                .filter(User::isEnabled)
                .map(user -> ics(user, baseUrl));
    }

    private String ics(User user, String baseUrl) {
        String stamp = STAMP.format(clock.instant());
        ICalendarText cal = new ICalendarText()
                .line("BEGIN", "VCALENDAR").line("VERSION", "2.0").line("PRODID", "-//Hindsight//Action items//EN")
                .line("CALSCALE", "GREGORIAN").line("METHOD", "PUBLISH")
                .text("X-WR-CALNAME", "Hindsight: " + user.getDisplayName() + "'s action items");
        List<ActionItem> owned = items.findOpenByOwner(user.getId());
        Map<Long, IncidentLabel> labels = incidents.labels(owned.stream().map(ActionItem::getIncidentId).toList());
        for (ActionItem item : owned) {
            if (item.getDueDate() == null) {
                continue;
            }
            IncidentLabel incident = labels.get(item.getIncidentId());
            String key = incident.key();
            String link = baseUrl + "/incidents/" + key + "#action-" + item.getId();
            cal.line("BEGIN", "VEVENT")
                    .line("UID", "action-item-" + item.getId() + "@hindsight")
                    .line("DTSTAMP", stamp)
                    .line("LAST-MODIFIED", STAMP.format(item.getUpdatedAt()))
                    .line("SEQUENCE", Long.toString(item.getVersion()))
                    .line("DTSTART;VALUE=DATE", DATE.format(item.getDueDate()))
                    .line("DTEND;VALUE=DATE", DATE.format(item.getDueDate().plusDays(1)))
                    .text("SUMMARY", key + " " + incident.title() + ": " + item.getTitle())
                    .text("DESCRIPTION", item.getTitle() + "\n" + key + " " + incident.title()
                            + "\nPriority: " + item.getPriority() + ", status: " + item.getStatus() + "\n" + link)
                    .line("URL", link)
                    .line("TRANSP", "TRANSPARENT")
                    .line("END", "VEVENT");
        }
        return cal.line("END", "VCALENDAR").toString();
    }

    static String hash(String value) {
        return Sha256.hex(value);
    }
}
