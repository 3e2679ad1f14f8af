package org.hindsight.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as lower-case hex: how secrets that are random and long (API tokens, calendar feed and integration
 * secrets) are stored, where a slow hash would protect nothing, and how over-long keys are shortened.
 */
public final class Sha256 {

    private Sha256() {
    }

    /** The SHA-256 of the text's UTF-8 bytes, 64 hex digits. */
    public static String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
