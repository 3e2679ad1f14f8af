package org.hindsight.user;

/** An enabled account as forms offer it (commander, responders, owners): its username and the name people know. */
public record AccountChoice(String username, String displayName) {
}
