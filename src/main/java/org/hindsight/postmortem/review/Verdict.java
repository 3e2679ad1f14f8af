package org.hindsight.postmortem.review;

/** A reviewer's answer in a round of review. */
public enum Verdict {
    APPROVE, REQUEST_CHANGES
}
