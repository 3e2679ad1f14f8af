package org.hindsight.user;

import java.util.Locale;

/** Usernames are compared case-insensitively: they are stored trimmed and in lower case. */
final class Usernames {

    static final String PATTERN = "[a-zA-Z0-9][a-zA-Z0-9._-]{1,63}";

    private Usernames() {
    }

    static String normalize(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }
}
