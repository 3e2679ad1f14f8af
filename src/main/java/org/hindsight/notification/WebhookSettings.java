package org.hindsight.notification;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.hindsight.incident.Severity;
import org.hindsight.system.SafeUrls;

/**
 * What an admin sets on a webhook, checked: a name, an http or https address (on an allowed host, when the
 * operators limit them), a format, at least one event and the severities sent (none: all). {@link #parse} reads
 * them as typed or sent, for the pages and the API alike.
 */
record WebhookSettings(String name, String url, WebhookFormat format, Set<WebhookEvent> events,
        Set<Severity> severities) {

    static final int NAME_MAX = 100;
    static final int URL_MAX = 2000;

    WebhookSettings {
        events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
        severities = severities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(severities));
    }

    /** A field that cannot be used, and the message (code and arguments) that says why. */
    record Problem(String field, String code, Object... args) {
    }

    /** Settings that cannot be used; each problem names its field. */
    static final class Invalid extends RuntimeException {

        private final transient List<Problem> problems;

        Invalid(List<Problem> problems) {
            super("Invalid webhook settings: " + problems.stream().map(Problem::field).toList());
            this.problems = List.copyOf(problems);
        }

        List<Problem> problems() {
            return problems;
        }
    }

    /**
     * The settings as typed or sent (names of formats, events and severities in any case); {@link Invalid} names
     * every field that cannot be used. {@code allowedHosts} empty: any host.
     */
    static WebhookSettings parse(String name, String url, String format, Collection<String> events,
            Collection<String> severities, List<String> allowedHosts) {
        List<Problem> problems = new ArrayList<>();
        String trimmedName = name == null ? "" : name.strip();
        if (trimmedName.isEmpty() || trimmedName.length() > NAME_MAX || trimmedName.indexOf('\u0000') >= 0) {
            problems.add(new Problem("name", "webhook.name.invalid"));
        }
        String trimmedUrl = url == null ? "" : url.strip();
        URI uri = webAddress(trimmedUrl);
        if (uri == null) {
            problems.add(new Problem("url", "webhook.url.invalid"));
        } else if (!allowed(uri.getHost(), allowedHosts)) {
            problems.add(new Problem("url", "webhook.url.notAllowed", String.join(", ", allowedHosts)));
        }
        WebhookFormat chosenFormat = null;
        if (format == null || format.isBlank()) {
            problems.add(new Problem("format", "webhook.format.invalid", ""));
        } else {
            chosenFormat = constant(WebhookFormat.class, format);
            if (chosenFormat == null) {
                problems.add(new Problem("format", "webhook.format.invalid", format));
            }
        }
        Set<WebhookEvent> chosenEvents = EnumSet.noneOf(WebhookEvent.class);
        for (String event : events == null ? List.<String>of() : events) {
            WebhookEvent value = constant(WebhookEvent.class, event);
            if (value == null) {
                problems.add(new Problem("events", "webhook.events.invalid", String.valueOf(event)));
            } else {
                chosenEvents.add(value);
            }
        }
        if (chosenEvents.isEmpty() && problems.stream().noneMatch(p -> p.field().equals("events"))) {
            problems.add(new Problem("events", "webhook.events.required"));
        }
        Set<Severity> chosenSeverities = EnumSet.noneOf(Severity.class);
        for (String severity : severities == null ? List.<String>of() : severities) {
            Severity value = constant(Severity.class, severity);
            if (value == null) {
                problems.add(new Problem("severities", "webhook.severities.invalid", String.valueOf(severity)));
            } else {
                chosenSeverities.add(value);
            }
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return new WebhookSettings(trimmedName, trimmedUrl, chosenFormat, chosenEvents, chosenSeverities);
    }

    /**
     * The address when it is one a webhook may post to: absolute http or https with a host, no credentials, nothing
     * a browser would skip or strip (as {@link SafeUrls#isWebUrl}), at most {@value #URL_MAX} characters; else null.
     */
    static URI webAddress(String url) {
        if (url == null || url.isEmpty() || url.length() > URL_MAX || !SafeUrls.isWebUrl(url)) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                    || uri.getRawUserInfo() != null) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** A host matches {@code hooks.slack.com} exactly, or {@code .example.com} as itself or any name under it. */
    static boolean allowed(String host, List<String> allowedHosts) {
        if (allowedHosts.isEmpty()) {
            return true;
        }
        String name = host.toLowerCase(Locale.ROOT);
        for (String entry : allowedHosts) {
            String allowed = entry.toLowerCase(Locale.ROOT);
            if (allowed.startsWith(".") ? name.endsWith(allowed) || name.equals(allowed.substring(1))
                    : name.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /** The address as the audit trail and the logs show it: its path, query and fragment left out (they may hold a token). */
    static String masked(String url) {
        URI uri = webAddress(url);
        if (uri == null) {
            return "(invalid address)";
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        boolean more = !path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null;
        return uri.getScheme() + "://" + uri.getRawAuthority() + (more ? "/\u2026" : path);
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
