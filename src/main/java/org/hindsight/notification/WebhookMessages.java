package org.hindsight.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hindsight.incident.Severity;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * A notice as each receiver takes it (README "Notifications"), within each receiver's limits:
 * <ul>
 * <li>{@code SLACK}: an incoming-webhook message, {@code text} (the notification's fallback) and Block Kit
 * {@code blocks} (a section with the linked incident and what changed, a context line); {@code &}, {@code <} and
 * {@code >} escaped as Slack asks, so a title cannot make a link or a mention;</li>
 * <li>{@code MATTERMOST}: the Slack-compatible {@code text} in Markdown, user text escaped and mentions defused;</li>
 * <li>{@code TEAMS}: what a Workflows "when a webhook request is received" flow posts: a message whose one
 * attachment is an Adaptive Card (1.4) with the incident, what changed, a fact set and a button to the incident;</li>
 * <li>{@code DISCORD}: {@code content} (at most 2,000 characters) and one embed (title at most 256, description
 * 4,096, field values 1,024, 6,000 in all), mentions switched off ({@code allowed_mentions});</li>
 * <li>{@code GENERIC}: a versioned JSON event (version 1) with the incident's key, title, severity, status, summary
 * times and URL, and the change; signed (headers, {@link WebhookSender}).</li>
 * </ul>
 */
@Component
class WebhookMessages {

    static final int GENERIC_VERSION = 1;
    static final int DISCORD_CONTENT_MAX = 2000;
    static final int DISCORD_TITLE_MAX = 256;
    static final int DISCORD_DESCRIPTION_MAX = 4096;
    static final int DISCORD_FIELD_MAX = 1024;
    static final int SLACK_TEXT_MAX = 3000;

    private final JsonMapper json;
    private final NoticeTexts texts;

    WebhookMessages(JsonMapper json, NoticeTexts texts) {
        this.json = json;
        this.texts = texts;
    }

    /** The body of one message to a webhook of this format; {@code messageId} identifies it in every attempt. */
    String render(WebhookFormat format, Notice notice, String messageId) {
        Object body = switch (format) {
            case SLACK -> slack(notice);
            case MATTERMOST -> mattermost(notice);
            case TEAMS -> teams(notice);
            case DISCORD -> discord(notice);
            case GENERIC -> generic(notice, messageId);
        };
        return json.writeValueAsString(body);
    }

    // ---- the parts every format shows

    /** "INC-7: Checkout is down", or "Hindsight" for a message of no incident. */
    private String heading(Notice notice) {
        return notice.incident() == null ? texts.text("notification.app")
                : notice.incident().key() + ": " + notice.incident().title();
    }

    private String byLine(Notice notice) {
        return texts.text("notification.by", notice.actor());
    }

    /** "SEV1 · Monitoring · by Maria Lopez" */
    private String context(Notice notice) {
        List<String> parts = new ArrayList<>();
        if (notice.incident() != null) {
            parts.add(notice.incident().severity().name());
            parts.add(notice.incident().statusName());
        }
        parts.add(byLine(notice));
        return String.join(" \u00b7 ", parts);
    }

    /** Facts shown as a list (Teams, Discord): severity, status, who, and an overdue item's owner and due date. */
    private Map<String, String> facts(Notice notice) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (notice.incident() != null) {
            facts.put(texts.text("notification.fact.severity"), notice.incident().severity().name());
            facts.put(texts.text("notification.fact.status"), notice.incident().statusName());
        }
        if (notice.item() != null) {
            facts.put(texts.text("notification.fact.owner"), owner(notice.item()));
            facts.put(texts.text("notification.fact.due"), String.valueOf(notice.item().dueDate()));
        }
        facts.put(texts.text("notification.fact.by"), notice.actor());
        return facts;
    }

    private String owner(Notice.ItemFacts item) {
        return item.owner() == null ? texts.text("notification.unassigned") : item.owner();
    }

    private String openLabel(Notice notice) {
        return texts.text("notification.open", notice.incident() == null ? texts.text("notification.app")
                : notice.incident().key());
    }

    // ---- formats

    private Map<String, Object> slack(Notice notice) {
        String heading = slackEscape(heading(notice));
        String headline = slackEscape(notice.headline());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", cut(heading + " \u2014 " + headline + " (" + slackEscape(byLine(notice)) + ")", SLACK_TEXT_MAX));
        body.put("blocks", List.of(
                Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text",
                        cut("*<" + notice.url() + "|" + heading + ">*\n" + headline, SLACK_TEXT_MAX))),
                Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text",
                        cut(slackEscape(context(notice)), SLACK_TEXT_MAX))))));
        return body;
    }

    private Map<String, Object> mattermost(Notice notice) {
        String text = "**[" + markdownEscape(heading(notice), true) + "](" + notice.url() + ")**\n"
                + markdownEscape(notice.headline(), true) + "\n_" + markdownEscape(context(notice), true) + "_";
        return Map.of("text", cut(text, SLACK_TEXT_MAX));
    }

    private Map<String, Object> teams(Notice notice) {
        List<Map<String, Object>> facts = new ArrayList<>();
        facts(notice).forEach((title, value) -> facts.add(Map.of("title", title, "value",
                markdownEscape(value, false))));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", List.of(
                Map.of("type", "TextBlock", "text", markdownEscape(heading(notice), false), "weight", "Bolder",
                        "size", "Medium", "wrap", true),
                Map.of("type", "TextBlock", "text", markdownEscape(notice.headline(), false), "wrap", true),
                Map.of("type", "FactSet", "facts", facts)));
        card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", openLabel(notice),
                "url", notice.url())));
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "message");
        body.put("attachments", List.of(attachment));
        return body;
    }

    private Map<String, Object> discord(Notice notice) {
        String lead = notice.incident() == null ? "" : "**" + notice.incident().key() + "** ("
                + notice.incident().severity().name() + "): ";
        Map<String, Object> embed = new LinkedHashMap<>();
        embed.put("title", cut(heading(notice), DISCORD_TITLE_MAX));
        embed.put("url", notice.url());
        embed.put("description", cut(markdownEscape(notice.headline(), false), 2000));
        embed.put("color", color(notice.severity()));
        List<Map<String, Object>> fields = new ArrayList<>();
        facts(notice).forEach((name, value) -> fields.add(Map.of("name", cut(name, DISCORD_TITLE_MAX),
                "value", cut(markdownEscape(value, false), DISCORD_FIELD_MAX), "inline", true)));
        embed.put("fields", fields);
        embed.put("timestamp", notice.at().toString());
        embed.put("footer", Map.of("text", texts.text("notification.app")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content", cut(lead + markdownEscape(notice.headline(), false), DISCORD_CONTENT_MAX));
        body.put("embeds", List.of(embed));
        // a title such as "@everyone look" pings nobody
        body.put("allowed_mentions", Map.of("parse", List.of()));
        return body;
    }

    private Map<String, Object> generic(Notice notice, String messageId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", GENERIC_VERSION);
        body.put("id", messageId);
        body.put("event", notice.event());
        body.put("occurredAt", notice.at().toString());
        body.put("actor", notice.actor());
        body.put("text", notice.headline());
        body.put("url", notice.url());
        Map<String, Object> incident = null;
        if (notice.incident() != null) {
            Notice.IncidentFacts facts = notice.incident();
            incident = new LinkedHashMap<>();
            incident.put("key", facts.key());
            incident.put("title", facts.title());
            incident.put("severity", facts.severity().name());
            incident.put("status", facts.status().name());
            incident.put("url", notice.url());
            for (Map.Entry<String, Instant> time : facts.times().entrySet()) {
                incident.put(time.getKey(), time.getValue() == null ? null : time.getValue().toString());
            }
        }
        body.put("incident", incident);
        Map<String, Object> change = null;
        if (notice.change() != null) {
            change = new LinkedHashMap<>();
            change.put("field", notice.change().field());
            change.put("from", notice.change().from());
            change.put("to", notice.change().to());
        }
        body.put("change", change);
        if (notice.item() != null) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", notice.item().id());
            item.put("title", notice.item().title());
            item.put("owner", notice.item().owner());
            item.put("dueDate", String.valueOf(notice.item().dueDate()));
            body.put("actionItem", item);
        }
        return body;
    }

    // ---- text rules

    /** Discord's embed colour by severity: red, orange, yellow, grey; Hindsight's blue for no incident. */
    static int color(Severity severity) {
        if (severity == null) {
            return 0x3B6FB6;
        }
        return switch (severity) {
            case SEV1 -> 0xED4245;
            case SEV2 -> 0xE67E22;
            case SEV3 -> 0xFEE75C;
            case SEV4 -> 0x95A5A6;
        };
    }

    /** Slack's three escapes: text can then make no link, mention or formatting of Slack's own syntax. */
    static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Markdown's punctuation escaped with a backslash, so a title shows as typed; with {@code defuseMentions}, an
     * {@code @} is followed by a word joiner, so "@channel" in a title notifies nobody (Mattermost).
     */
    static String markdownEscape(String text, boolean defuseMentions) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\`*_[]()#~>|<!".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
            if (c == '@' && defuseMentions) {
                out.append('\u2060');
            }
        }
        return out.toString();
    }

    /** At most {@code max} characters (UTF-16 units, as the receivers count), cut with "…" and never inside a pair. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }
}
