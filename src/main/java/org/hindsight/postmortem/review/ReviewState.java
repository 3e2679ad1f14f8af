package org.hindsight.postmortem.review;

/** Where a postmortem is in its review: written, being reviewed, or published as a version. */
public enum ReviewState {
    DRAFT, IN_REVIEW, PUBLISHED
}
