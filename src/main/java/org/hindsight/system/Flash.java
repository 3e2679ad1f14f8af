package org.hindsight.system;

import java.io.Serializable;

/**
 * A message shown once after a redirect (post-redirect-get): a {@code messages.properties} code and its
 * arguments. {@code kind} is {@code success} or {@code error}.
 */
public record Flash(String kind, String code, Serializable... args) implements Serializable {

    public static final String ATTRIBUTE = "flash";

    public static Flash success(String code, Serializable... args) {
        return new Flash("success", code, args);
    }

    public static Flash error(String code, Serializable... args) {
        return new Flash("error", code, args);
    }

    /** An argument shown as the message of this code where the flash renders: a status's label, not its code. */
    public static Serializable message(String code) {
        return new org.springframework.context.support.DefaultMessageSourceResolvable(code);
    }
}
