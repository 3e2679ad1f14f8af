package org.hindsight.postmortem.review;

import java.time.Instant;
import java.util.List;

import org.hindsight.incident.PostmortemState;

/** What the review page and the API show of a postmortem's review. */
public final class ReviewViews {

    private ReviewViews() {
    }

    /**
     * The review of one incident's postmortem. {@code changedSince}: the incident changed after the last published
     * version. {@code approvals}/{@code approvalsRequired}: in the current round. The booleans say what the viewer
     * may do now.
     */
    public record ReviewView(String key, String title, PostmortemState state, int round, String template,
            List<ReviewerView> reviewers, List<ChecklistItem> checklist, List<VersionView> versions,
            boolean changedSince, int approvals, int approvalsRequired, boolean maySendToReview,
            boolean mayGiveVerdict, boolean mayPublish) {

        public boolean complete() {
            return checklist.stream().allMatch(ChecklistItem::met);
        }

        public Integer latestVersion() {
            return versions.isEmpty() ? null : versions.get(versions.size() - 1).number();
        }
    }

    /** A reviewer of the current round (or, back in draft, of the round that asked for changes). */
    public record ReviewerView(String username, String displayName, Verdict verdict, String comment, Instant at) {
    }

    /** One line of the completeness check, and where to fix it when it is not met. */
    public record ChecklistItem(String item, boolean met, String fixPath) {
    }

    public record VersionView(int number, Instant publishedAt, String publishedBy, String template) {
    }

    /** A review waiting for the viewer's verdict ("My reviews"). */
    public record WaitingReview(String key, String title, String requestedBy, Instant requestedAt) {
    }

    /** One line of a diff between two versions: {@code kind} is "same", "added" or "removed". */
    public record DiffLine(String kind, Integer oldNumber, Integer newNumber, String text) {
    }

    public record Settings(int approvalsRequired, boolean closeOnPublish, long version) {
    }
}
