package org.hindsight.timeline;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.incident.IncidentStatus;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The timeline's row of a status move. It is stored with the status codes ("Status changed from **INVESTIGATING**
 * to **MONITORING**": the same in every language, and how the rows written before the status-change mark are
 * recognised, see V14) and read in words people use ("Status changed: **Investigating** → **Monitoring**") wherever it
 * is shown or exported: on the page, in the API, in postmortems.
 */
@Component
class StatusChangeText {

    private static final Pattern STORED =
            Pattern.compile("Status changed from \\*\\*([A-Z]+)\\*\\* to \\*\\*([A-Z]+)\\*\\*");

    private final MessageSource messages;

    StatusChangeText(MessageSource messages) {
        this.messages = messages;
    }

    /** The text a status move is stored with. */
    static String stored(IncidentStatus from, IncidentStatus to) {
        return "Status changed from **" + from.name() + "** to **" + to.name() + "**";
    }

    /** A status row's text as people read it: the labels of its statuses; any other text (edited by hand) as it is. */
    String readable(String text) {
        Matcher stored = text == null ? null : STORED.matcher(text);
        if (stored == null || !stored.matches()) {
            return text;
        }
        IncidentStatus from = status(stored.group(1));
        IncidentStatus to = status(stored.group(2));
        if (from == null || to == null) {
            return text;
        }
        return messages.getMessage("timeline.statusChanged", new Object[] {label(from), label(to)},
                LocaleContextHolder.getLocale());
    }

    private String label(IncidentStatus status) {
        return messages.getMessage("status." + status.name(), null, status.name(), LocaleContextHolder.getLocale());
    }

    private static IncidentStatus status(String code) {
        for (IncidentStatus status : IncidentStatus.values()) {
            if (status.name().equals(code)) {
                return status;
            }
        }
        return null;
    }
}
