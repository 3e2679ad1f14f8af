package org.hindsight.notification;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.incident.SummaryTime;
import org.hindsight.user.HindsightUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The words and links of messages: headlines from messages.properties (English, as the pages), times in the
 * notification zone ({@code HINDSIGHT_NOTIFICATION_ZONE}, UTC by default: a channel has no one viewer's zone), who
 * made the change, and links under the public base URL ({@code HINDSIGHT_BASE_URL}; unset: the address the
 * changing request reached, or {@code http://localhost:<port>} outside a request).
 */
@Component
class NoticeTexts {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);

    private final MessageSource messages;
    private final ZoneId zone;
    private final String baseUrl;
    private final String fallbackBaseUrl;

    NoticeTexts(MessageSource messages, @Value("${hindsight.notifications.zone:UTC}") String zone,
            @Value("${hindsight.base-url:}") String baseUrl, @Value("${server.port:8080}") int port) {
        this.messages = messages;
        this.zone = ZoneId.of(zone);
        this.baseUrl = strip(baseUrl);
        this.fallbackBaseUrl = "http://localhost:" + port;
    }

    ZoneId zone() {
        return zone;
    }

    String text(String code, Object... args) {
        return messages.getMessage(code, args, code, Locale.ENGLISH);
    }

    String statusName(IncidentStatus status) {
        return text("status." + status.name());
    }

    String timeName(SummaryTime time) {
        return text("field." + time.field());
    }

    String time(Instant instant) {
        return TIME.format(instant.atZone(zone));
    }

    /** The public address of the application, without a trailing slash. */
    String baseUrl() {
        if (!baseUrl.isEmpty()) {
            return baseUrl;
        }
        if (request() != null) {
            return strip(ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString());
        }
        return fallbackBaseUrl;
    }

    String incidentUrl(String key) {
        return baseUrl() + "/incidents/" + key;
    }

    /** The incident as a message shows it. */
    Notice.IncidentFacts facts(IncidentDetails incident) {
        Map<String, Instant> times = new LinkedHashMap<>();
        for (SummaryTime time : SummaryTime.values()) {
            times.put(time.field(), incident.get(time));
        }
        return new Notice.IncidentFacts(incident.id(), incident.key(), incident.title(), incident.severity(),
                incident.status(), statusName(incident.status()), times);
    }

    /**
     * Who made the change being announced: the signed-in user's display name, the alert integration whose hook made
     * it, or Hindsight itself (scheduled work).
     */
    String actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof HindsightUser user) {
            return user.getDisplayName();
        }
        HttpServletRequest request = request();
        if (request != null) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.startsWith("/hooks/alerts/")) {
                return text("notification.actor.alert", path.substring("/hooks/alerts/".length()));
            }
        }
        return text("notification.actor.system");
    }

    private static HttpServletRequest request() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
    }

    private static String strip(String url) {
        String trimmed = url == null ? "" : url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
