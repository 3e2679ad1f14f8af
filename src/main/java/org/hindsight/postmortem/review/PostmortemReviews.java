package org.hindsight.postmortem.review;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hindsight.incident.PostmortemState;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.postmortem.ExportOptions;
import org.hindsight.postmortem.PostmortemData;
import org.hindsight.postmortem.PostmortemLoader;
import org.hindsight.postmortem.PostmortemModel;
import org.hindsight.postmortem.PostmortemPublished;
import org.hindsight.postmortem.export.PostmortemDownloads;
import org.hindsight.postmortem.export.PostmortemExporter.Export;
import org.hindsight.postmortem.review.ReviewViews.ChecklistItem;
import org.hindsight.postmortem.review.ReviewViews.DiffLine;
import org.hindsight.postmortem.review.ReviewViews.ReviewView;
import org.hindsight.postmortem.review.ReviewViews.ReviewerView;
import org.hindsight.postmortem.review.ReviewViews.Settings;
import org.hindsight.postmortem.review.ReviewViews.VersionView;
import org.hindsight.postmortem.review.ReviewViews.WaitingReview;
import org.hindsight.postmortem.templates.PostmortemTemplates;
import org.hindsight.system.Audited;
import org.hindsight.system.ChangeForbiddenException;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.RecordNotFoundException;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.hindsight.user.User;
import org.hindsight.user.UserDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The review of a postmortem, a state machine per incident:
 * <ul>
 * <li><b>Draft</b> → <b>In review</b>: someone who may change the incident names reviewers (a new round);</li>
 * <li>In review: each reviewer approves or requests changes, with a comment; a request for changes sends it back
 * to Draft with the comments kept;</li>
 * <li>→ <b>Published</b>: with the approvals the team's setting asks for in the current round (none needed when it
 * asks for none) and the completeness check met, the Markdown in the chosen template becomes version n+1;</li>
 * <li>Published and changed since: sent to review again (or published again when no approvals are needed).</li>
 * </ul>
 * A step the state does not allow is refused with a reason (409); an incomplete postmortem lists what it lacks (422).
 */
@Service
public class PostmortemReviews {

    static final int MAX_REVIEWERS = 10;

    private final PostmortemReviewRepository reviews;
    private final ReviewerVerdictRepository verdicts;
    private final PublishedVersionRepository versions;
    private final PublishedPdfRepository pdfs;
    private final PostmortemDownloads downloads;
    private final ReviewSettingsRepository settings;
    private final IncidentService incidents;
    private final PostmortemLoader loader;
    private final PostmortemTemplates templates;
    private final UserDirectory users;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    static final String AUDITED = "postmortem";

    PostmortemReviews(PostmortemReviewRepository reviews, ReviewerVerdictRepository verdicts,
            PublishedVersionRepository versions, PublishedPdfRepository pdfs, PostmortemDownloads downloads,
            ReviewSettingsRepository settings, IncidentService incidents, PostmortemLoader loader,
            PostmortemTemplates templates, UserDirectory users, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.reviews = reviews;
        this.verdicts = verdicts;
        this.versions = versions;
        this.pdfs = pdfs;
        this.downloads = downloads;
        this.settings = settings;
        this.incidents = incidents;
        this.loader = loader;
        this.templates = templates;
        this.users = users;
        this.clock = clock;
    }

    // ---- reading

    @Transactional(readOnly = true)
    public ReviewView view(HindsightUser viewer, String key) {
        PostmortemData data = loader.load(viewer, key);
        return view(viewer, data, reviews.findById(data.incident().id()).orElse(null));
    }

    /** A published version's Markdown, as it was published. */
    @Transactional(readOnly = true)
    public PublishedMarkdown version(HindsightUser viewer, String key, int number) {
        IncidentDetails incident = incidents.details(key);
        PublishedVersion version = versions.findByIncidentIdAndNumber(incident.id(), number)
                .orElseThrow(() -> new RecordNotFoundException("Postmortem version", key + " v" + number));
        return new PublishedMarkdown(incident.key(), incident.title(), number, version.getMarkdown());
    }

    /**
     * A published version's PDF, as it was made at publication (one published before PDFs were kept is made from
     * its Markdown now).
     */
    @Transactional(readOnly = true)
    public byte[] versionPdf(HindsightUser viewer, String key, int number) {
        IncidentDetails incident = incidents.details(key);
        PublishedVersion version = versions.findByIncidentIdAndNumber(incident.id(), number)
                .orElseThrow(() -> new RecordNotFoundException("Postmortem version", key + " v" + number));
        return pdfs.findById(version.getId()).map(PublishedPdf::getPdf).orElseGet(() -> downloads.pdf(
                document(incident.key(), incident.title(), number, version.getMarkdown())));
    }

    /** What a version's PDF shows: its key, and its title with the version's number along the page tops. */
    static Export document(String key, String title, int number, String markdown) {
        return new Export(key, title + " v" + number, markdown);
    }

    /** A published version's Markdown and what names its download. */
    public record PublishedMarkdown(String key, String title, int number, String markdown) {
    }

    /** The line differences between two published versions, in order. */
    @Transactional(readOnly = true)
    public List<DiffLine> diff(HindsightUser viewer, String key, int from, int to) {
        return VersionDiff.lines(version(viewer, key, from).markdown(), version(viewer, key, to).markdown());
    }

    /** The reviews waiting for the viewer's verdict, oldest request first. */
    @Transactional(readOnly = true)
    public List<WaitingReview> waitingFor(HindsightUser viewer) {
        List<WaitingReview> waiting = new ArrayList<>();
        for (long incidentId : verdicts.waitingFor(viewer.getId())) {
            IncidentDetails incident = incidents.details(incidentId);
            PostmortemReview review = reviews.findById(incidentId).orElseThrow();
            waiting.add(new WaitingReview(incident.key(), incident.title(), name(review.getRequestedById()),
                    review.getRequestedAt()));
        }
        return waiting;
    }

    @Transactional(readOnly = true)
    public Settings settings() {
        ReviewSettings s = settings.findById(1).orElseThrow();
        return new Settings(s.getApprovalsRequired(), s.isCloseOnPublish(), s.getVersion());
    }

    @Transactional
    public Settings updateSettings(HindsightUser by, int approvalsRequired, boolean closeOnPublish, long version) {
        if (!by.hasRole(Role.ADMIN)) {
            throw new AccessDeniedException("Only admins change the review settings");
        }
        if (approvalsRequired < 0 || approvalsRequired > MAX_REVIEWERS) {
            throw new ChangeRefusedException("approvalsRequired", "review.settings.approvalsRange", MAX_REVIEWERS);
        }
        ReviewSettings s = settings.findById(1).orElseThrow();
        if (s.getVersion() != version) {
            throw new EditConflictException(settings());
        }
        java.util.Map<String, Object> before = java.util.Map.of("approvalsRequired", s.getApprovalsRequired(),
                "closeOnPublish", s.isCloseOnPublish());
        s.set(approvalsRequired, closeOnPublish);
        settings.flush();
        events.publishEvent(Audited.changed("review settings", "1", null, before,
                java.util.Map.of("approvalsRequired", approvalsRequired, "closeOnPublish", closeOnPublish)));
        return settings();
    }

    // ---- the steps

    /** Sends the postmortem to review by these reviewers (usernames): a new round. */
    @Transactional
    public ReviewView requestReview(HindsightUser by, String key, List<String> usernames) {
        long incidentId = incidents.idOf(key);
        incidents.requireEdit(by, incidentId);
        incidents.lock(incidentId); // one step of an incident's review at a time
        PostmortemReview review = reviewFor(incidentId);
        if (review.getState() == PostmortemState.IN_REVIEW) {
            throw new ReviewRefusedException("review.refused.alreadyInReview");
        }
        if (review.getState() == PostmortemState.PUBLISHED && !changedSince(review, incidentId)) {
            throw new ReviewRefusedException("review.refused.unchangedSincePublished", latestNumber(incidentId));
        }
        Set<Long> reviewers = reviewers(by, usernames);
        int required = settings.findById(1).orElseThrow().getApprovalsRequired();
        if (reviewers.size() < required) { // else the review could never be approved
            throw new ChangeRefusedException("reviewers", "review.reviewers.fewerThanRequired", required);
        }
        review.sendToReview(by.getId(), clock.instant());
        reviews.flush();
        incidents.recordPostmortemState(incidentId, review.getState());
        for (long reviewer : reviewers) {
            verdicts.save(new ReviewerVerdict(incidentId, review.getRound(), reviewer));
        }
        events.publishEvent(new Audited(AUDITED, key, incidentId, "REVIEW_REQUESTED", List.of(new Audited.Change(
                "reviewers", null, Audited.text(reviewers.stream().map(this::name).toList())))));
        return view(by, key);
    }

    /** A reviewer's verdict in the current round; a request for changes sends the postmortem back to Draft. */
    @Transactional
    public ReviewView verdict(HindsightUser by, String key, Verdict verdict, String comment) {
        long incidentId = incidents.idOf(key);
        incidents.lock(incidentId);
        PostmortemReview review = reviewFor(incidentId);
        if (review.getState() != PostmortemState.IN_REVIEW) {
            throw new ReviewRefusedException("review.refused.notInReview");
        }
        ReviewerVerdict mine = verdicts.findByIncidentIdAndRoundAndReviewerId(incidentId, review.getRound(),
                by.getId()).orElseThrow(() -> new ChangeForbiddenException("verdict", "review.refused.notAReviewer"));
        if (verdict == null) {
            throw new ChangeRefusedException("verdict", "review.verdict.required");
        }
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        if (verdict == Verdict.REQUEST_CHANGES && text == null) {
            throw new ChangeRefusedException("comment", "review.comment.required");
        }
        if (text != null && text.length() > 4000) {
            throw new ChangeRefusedException("comment", "review.comment.tooLong", 4000);
        }
        String earlier = mine.getVerdict() == null ? null : mine.getVerdict().name();
        String earlierComment = mine.getComment();
        mine.decide(verdict, text, clock.instant());
        events.publishEvent(new Audited(AUDITED, key, incidentId, "VERDICT",
                text == null ? List.of(new Audited.Change("verdict", earlier, verdict.name()))
                        : List.of(new Audited.Change("verdict", earlier, verdict.name()),
                                Audited.Change.of("comment", earlierComment, text))));
        if (verdict == Verdict.REQUEST_CHANGES) {
            review.backToDraft();
            incidents.recordPostmortemState(incidentId, review.getState());
        }
        reviews.flush();
        return view(by, key);
    }

    /**
     * Publishes the postmortem in {@code template} as the next version: needs the approvals the settings ask for in
     * the current round and a complete postmortem; closes an incident in Postmortem when the settings say so.
     */
    @Transactional
    public ReviewView publish(HindsightUser by, String key, String template) {
        long incidentId = incidents.idOf(key);
        incidents.requireEdit(by, incidentId);
        incidents.lock(incidentId); // two publications at once would take the same number
        ExportOptions options;
        try {
            options = ExportOptions.parse(null, null, template, null, templates::exists);
        } catch (ExportOptions.InvalidExportOption e) {
            throw new ChangeRefusedException("template", e.messageCode(), e.value());
        }
        PostmortemReview review = reviewFor(incidentId);
        ReviewSettings rules = settings.findById(1).orElseThrow();
        int required = rules.getApprovalsRequired();
        switch (review.getState()) {
            case IN_REVIEW -> {
                int approvals = approvals(incidentId, review.getRound());
                if (approvals < required) {
                    throw new ReviewRefusedException("review.refused.needsApprovals", required, approvals);
                }
            }
            case DRAFT -> {
                if (required > 0) {
                    throw new ReviewRefusedException("review.refused.needsReview", required);
                }
            }
            case PUBLISHED -> {
                if (!changedSince(review, incidentId)) {
                    throw new ReviewRefusedException("review.refused.unchangedSincePublished",
                            latestNumber(incidentId));
                }
                if (required > 0) {
                    throw new ReviewRefusedException("review.refused.needsReview", required);
                }
            }
        }
        PostmortemData data = loader.load(by, key);
        List<String> unmet = Checklist.of(data).stream().filter(item -> !item.met()).map(ChecklistItem::item).toList();
        if (!unmet.isEmpty()) {
            throw ReviewRefusedException.incomplete(unmet);
        }
        if (rules.isCloseOnPublish() && data.incident().status() == IncidentStatus.POSTMORTEM) {
            incidents.changeStatus(by, key, IncidentStatus.CLOSED); // first: the version shows the incident closed
            data = loader.load(by, key);
        }
        String markdown;
        try {
            markdown = templates.render(options.template(), PostmortemModel.of(data, options));
        } catch (ExportOptions.InvalidExportOption e) {
            throw new ChangeRefusedException("template", e.messageCode(), e.value());
        }
        int number = latestNumber(incidentId) + 1;
        PublishedVersion version = versions.save(new PublishedVersion(incidentId, number, options.template(),
                markdown, clock.instant(), by.getId()));
        pdfs.save(new PublishedPdf(version.getId(), downloads.pdf(document(key, data.incident().title(), number,
                markdown))));
        events.publishEvent(new Audited(AUDITED, key, incidentId, "PUBLISHED",
                List.of(new Audited.Change("version", null, number + " (" + options.template() + ")"))));
        review.published(incidents.revision(incidentId));
        reviews.flush();
        incidents.recordPostmortemState(incidentId, review.getState());
        events.publishEvent(new PostmortemPublished(incidentId, number, options.template(), clock.instant()));
        return view(by, key);
    }

    // ---- helpers

    private PostmortemReview reviewFor(long incidentId) {
        return reviews.findById(incidentId).orElseGet(() -> reviews.save(new PostmortemReview(incidentId)));
    }

    /** The accounts named as reviewers: enabled, not the requester, at least one, at most {@link #MAX_REVIEWERS}. */
    private Set<Long> reviewers(HindsightUser by, List<String> usernames) {
        Set<Long> ids = new LinkedHashSet<>();
        for (String username : usernames == null ? List.<String>of() : usernames) {
            if (username == null || username.isBlank()) {
                continue;
            }
            User user = users.enabledByUsername(username.strip().replaceFirst("^@", ""))
                    .orElseThrow(() -> new ChangeRefusedException("reviewers", "review.reviewers.unknown",
                            username.strip()));
            if (user.getId().equals(by.getId())) {
                throw new ChangeRefusedException("reviewers", "review.reviewers.notYourself");
            }
            ids.add(user.getId());
        }
        if (ids.isEmpty()) {
            throw new ChangeRefusedException("reviewers", "review.reviewers.required");
        }
        if (ids.size() > MAX_REVIEWERS) {
            throw new ChangeRefusedException("reviewers", "review.reviewers.tooMany", MAX_REVIEWERS);
        }
        return ids;
    }

    private int approvals(long incidentId, int round) {
        return (int) verdicts.findByIncidentIdAndRoundOrderById(incidentId, round).stream()
                .filter(v -> v.getVerdict() == Verdict.APPROVE).count();
    }

    private int latestNumber(long incidentId) {
        Integer latest = versions.latestNumber(incidentId);
        return latest == null ? 0 : latest;
    }

    private boolean changedSince(PostmortemReview review, long incidentId) {
        return review.getPublishedRevision() != null && incidents.revision(incidentId) > review.getPublishedRevision();
    }

    private String name(Long userId) {
        return userId == null ? null : users.byId(userId).map(User::getUsername).orElse(null);
    }

    private ReviewView view(HindsightUser viewer, PostmortemData data, PostmortemReview review) {
        IncidentDetails incident = data.incident();
        PostmortemState state = review == null ? PostmortemState.DRAFT : review.getState();
        int round = review == null ? 0 : review.getRound();
        List<ReviewerVerdict> current = round == 0 ? List.of()
                : verdicts.findByIncidentIdAndRoundOrderById(incident.id(), round);
        Map<Long, User> people = new java.util.HashMap<>();
        List<ReviewerView> reviewers = current.stream().map(v -> {
            User user = people.computeIfAbsent(v.getReviewerId(), id -> users.byId(id).orElseThrow());
            return new ReviewerView(user.getUsername(), user.getDisplayName(), v.getVerdict(), v.getComment(),
                    v.getDecidedAt());
        }).toList();
        Map<Long, String> publishers = new java.util.HashMap<>();
        List<VersionView> published = versions.listed(incident.id()).stream()
                .map(v -> new VersionView(v.number(), v.publishedAt(),
                        publishers.computeIfAbsent(v.publishedById(), this::name), v.template()))
                .toList();
        boolean changed = review != null && changedSince(review, incident.id());
        int required = settings.findById(1).orElseThrow().getApprovalsRequired();
        int approvals = (int) current.stream().filter(v -> v.getVerdict() == Verdict.APPROVE).count();
        boolean mayEdit = incidents.canEdit(viewer, incident.id());
        boolean isReviewer = current.stream().anyMatch(v -> v.getReviewerId() == viewer.getId());
        String template = published.isEmpty() ? PostmortemTemplates.REFERENCE
                : published.get(published.size() - 1).template();
        boolean mayPublish = mayEdit && switch (state) {
            case IN_REVIEW -> approvals >= required;
            case DRAFT -> required == 0;
            case PUBLISHED -> changed && required == 0;
        };
        return new ReviewView(incident.key(), incident.title(), state, round, template, reviewers,
                Checklist.of(data), published, changed, approvals, required,
                mayEdit && (state == PostmortemState.DRAFT || state == PostmortemState.PUBLISHED && changed),
                isReviewer && state == PostmortemState.IN_REVIEW, mayPublish);
    }
}
