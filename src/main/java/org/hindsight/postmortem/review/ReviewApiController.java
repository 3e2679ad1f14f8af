package org.hindsight.postmortem.review;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;

import org.hindsight.postmortem.export.PostmortemDownloads;
import org.hindsight.postmortem.export.PostmortemExporter.Export;
import org.hindsight.postmortem.review.PostmortemReviews.PublishedMarkdown;
import org.hindsight.postmortem.review.ReviewViews.ReviewView;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The postmortem's review for scripts: its state, checklist, reviewers and versions; sending it to review, a
 * verdict, publishing; a published version's Markdown or PDF. A step the state does not allow answers 409 saying
 * why; an incomplete postmortem answers 422 listing what it lacks.
 */
@RestController
@RequestMapping("/api/incidents/{key}/postmortem")
class ReviewApiController {

    private final PostmortemReviews reviews;
    private final PostmortemDownloads downloads;
    private final MessageSource messages;

    ReviewApiController(PostmortemReviews reviews, PostmortemDownloads downloads, MessageSource messages) {
        this.reviews = reviews;
        this.downloads = downloads;
        this.messages = messages;
    }

    record ReviewRequest(List<String> reviewers) {
    }

    record VerdictRequest(String verdict, String comment) {
    }

    record PublishRequest(String template) {
    }

    @GetMapping
    @Operation(summary = "The postmortem's review: state, template, reviewers, checklist and published versions")
    ReviewView review(@CurrentUser HindsightUser me, @PathVariable String key) {
        return reviews.view(me, key);
    }

    @PostMapping("/review")
    @Operation(summary = "Send the postmortem to review by these reviewers (usernames)")
    ReviewView requestReview(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestBody ReviewRequest request) {
        return reviews.requestReview(me, key, request.reviewers());
    }

    @PostMapping("/verdict")
    @Operation(summary = "A reviewer's verdict: APPROVE or REQUEST_CHANGES (with a comment)")
    ReviewView verdict(@CurrentUser HindsightUser me, @PathVariable String key, @RequestBody VerdictRequest request) {
        return reviews.verdict(me, key, verdict(request.verdict()), request.comment());
    }

    @PostMapping("/publish")
    @Operation(summary = "Publish the postmortem as its next version, in the given template (default reference)")
    ReviewView publish(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestBody(required = false) PublishRequest request) {
        return reviews.publish(me, key, request == null ? null : request.template());
    }

    @GetMapping("/versions/{number}.md")
    @Operation(summary = "A published version's Markdown, as it was published")
    ResponseEntity<byte[]> versionMarkdown(@CurrentUser HindsightUser me, @PathVariable String key,
            @PathVariable int number) {
        return downloads.markdownFile(export(reviews.version(me, key, number)));
    }

    @GetMapping("/versions/{number}.pdf")
    @Operation(summary = "A published version as a PDF, made from the Markdown as it was published")
    ResponseEntity<byte[]> versionPdf(@CurrentUser HindsightUser me, @PathVariable String key,
            @PathVariable int number) {
        return downloads.pdfFile(export(reviews.version(me, key, number)), reviews.versionPdf(me, key, number));
    }

    static Export export(PublishedMarkdown version) {
        return PostmortemReviews.document(version.key(), version.title(), version.number(), version.markdown());
    }

    static Verdict verdict(String text) {
        if (text == null || text.isBlank()) {
            throw new ChangeRefusedException("verdict", "review.verdict.required");
        }
        try {
            return Verdict.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ChangeRefusedException("verdict", "review.verdict.unknown", text.strip());
        }
    }

    /** 409 naming why the step is not allowed now, or 422 listing the unmet checklist items. */
    @ExceptionHandler(ReviewRefusedException.class)
    ResponseEntity<ProblemDetail> refused(ReviewRefusedException e) {
        Locale locale = LocaleContextHolder.getLocale();
        String message = messages.getMessage(e.messageCode(), e.args(), e.messageCode(), locale);
        HttpStatus status = e.isIncomplete() ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.CONFLICT;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
        if (e.isIncomplete()) {
            problem.setProperty("unmet", e.unmet());
            problem.setProperty("errors", e.unmet().stream().map(item -> Map.of("field", "checklist", "message",
                    messages.getMessage("review.checklist." + item, null, item, locale))).toList());
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
