package org.hindsight.postmortem.review;

import java.util.List;

/**
 * A review step that the postmortem's state does not allow now (409, {@code messageCode} says why), or a publication
 * of a postmortem that fails its completeness check (422, {@code unmet} lists the checklist items).
 */
public class ReviewRefusedException extends RuntimeException {

    private final String messageCode;
    private final Object[] args;
    private final List<String> unmet;

    ReviewRefusedException(String messageCode, Object... args) {
        this(messageCode, List.of(), args);
    }

    private ReviewRefusedException(String messageCode, List<String> unmet, Object... args) {
        super(messageCode);
        this.messageCode = messageCode;
        this.args = args.clone();
        this.unmet = List.copyOf(unmet);
    }

    static ReviewRefusedException incomplete(List<String> unmet) {
        return new ReviewRefusedException("review.refused.incomplete", unmet);
    }

    public String messageCode() {
        return messageCode;
    }

    public Object[] args() {
        return args.clone();
    }

    /** The checklist items not met; empty for a refused transition. */
    public List<String> unmet() {
        return unmet;
    }

    public boolean isIncomplete() {
        return !unmet.isEmpty();
    }
}
