package org.hindsight.notification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How messages are signed: {@code X-Hindsight-Signature: sha256=<hex HMAC-SHA256>} of the text
 * {@code <X-Hindsight-Timestamp>.<body>} with the webhook's secret as the key (README "Notifications" shows how a
 * receiver checks it). The timestamp is in the signed text so an old message cannot be replayed as new.
 */
final class Signatures {

    static final String SIGNATURE_HEADER = "X-Hindsight-Signature";
    static final String TIMESTAMP_HEADER = "X-Hindsight-Timestamp";

    private Signatures() {
    }

    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
