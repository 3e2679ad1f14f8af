package org.hindsight.notification;

/** Where a delivery stands. */
public enum DeliveryState {
    /** To be sent, or to be tried again at its next attempt. */
    PENDING,
    /** A receiver answered 2xx. */
    DELIVERED,
    /** The receiver refused it (a 3xx or 4xx other than 408 and 429), or no attempt succeeded within the limit. */
    FAILED
}
