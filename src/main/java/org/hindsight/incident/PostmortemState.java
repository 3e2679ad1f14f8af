package org.hindsight.incident;

/** Where an incident's postmortem is in its review: written, being reviewed, or published as a version. */
public enum PostmortemState {
    DRAFT, IN_REVIEW, PUBLISHED
}
