package org.hindsight.notification;

/** The receiver a webhook posts to, which decides the shape of its messages. */
public enum WebhookFormat {
    /** A Slack incoming webhook: {@code text} and Block Kit {@code blocks}. */
    SLACK,
    /** A Mattermost incoming webhook: Slack-compatible {@code text} (Markdown). */
    MATTERMOST,
    /** A Microsoft Teams Workflows webhook: a message carrying an Adaptive Card. */
    TEAMS,
    /** A Discord channel webhook: {@code content} and one embed. */
    DISCORD,
    /** Any receiver: a versioned JSON event, signed with the webhook's secret. */
    GENERIC
}
