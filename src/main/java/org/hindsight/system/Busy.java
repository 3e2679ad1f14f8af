package org.hindsight.system;

/**
 * The database did not finish a request in time (a lock held elsewhere for longer than a request waits, a statement
 * timeout): nothing was changed, and the same request may be sent again shortly. The API and the pages answer it
 * alike: 503 with {@code Retry-After}.
 */
public final class Busy {

    /** Seconds a client should wait before sending the request again. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private Busy() {
    }
}
