package org.hindsight.search;

import java.time.Duration;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.QueryTimeoutException;

/**
 * A search that was not run to its end ({@link SearchGate}): too many were running for its turn to come in time
 * ({@link Reason#BUSY}), or it ran out of time ({@link Reason#TOO_SLOW}). Nothing is wrong with the words: the same
 * search may be sent again. A timeout in the database's sense, so whatever answers one answers this too (503 with
 * {@code Retry-After}: the incident list's text filter, the API), in the words this gives as a message.
 */
class SearchNotFinished extends QueryTimeoutException implements MessageSourceResolvable {

    enum Reason {
        BUSY, TOO_SLOW
    }

    private final Reason reason;
    private final long seconds;

    /** {@code cause}: the database's timeout, or null. */
    SearchNotFinished(Reason reason, Duration limit, Throwable cause) {
        super(reason == Reason.BUSY ? "Too many searches are running: this one waited " + limit.toSeconds()
                + " s for its turn" : "The search did not finish within " + limit.toSeconds() + " s", cause);
        this.reason = reason;
        this.seconds = Math.max(1, limit.toSeconds());
    }

    /**
     * The message that says this to a person, with its one argument ({@link #getArguments()}) the seconds of the wait
     * ({@link Reason#BUSY}) or of the time a search has ({@link Reason#TOO_SLOW}).
     */
    String messageCode() {
        return reason == Reason.BUSY ? "search.busy" : "search.tooSlow";
    }

    @Override
    public String[] getCodes() {
        return new String[] {messageCode()};
    }

    @Override
    public Object[] getArguments() {
        return new Object[] {seconds};
    }

    @Override
    public String getDefaultMessage() {
        return getMessage();
    }
}
