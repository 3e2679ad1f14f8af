/**
 * Notifications out: webhooks that announce incidents to chat (Slack, Mattermost, Teams, Discord) and to generic
 * receivers (signed JSON). The other modules announce their changes as events in the changing transaction; this
 * module writes one delivery per matching webhook in that same transaction (its own outbox), and workers on any
 * instance send them after the commit, off the request thread, with retries, every attempt logged. No module
 * depends on it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notifications",
        allowedDependencies = {"system", "user", "incident", "action", "postmortem"})
package org.hindsight.notification;
