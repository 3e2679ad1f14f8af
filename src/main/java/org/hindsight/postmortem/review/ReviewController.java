package org.hindsight.postmortem.review;

import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.hindsight.postmortem.export.PostmortemDownloads;
import org.hindsight.postmortem.templates.PostmortemTemplates;
import org.hindsight.system.ChangeForbiddenException;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.Flash;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.UserService;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The review page of a postmortem ({@code /incidents/{key}/postmortem/review}): its state, the completeness
 * checklist, the reviewers and their verdicts, the forms for the next step, the published versions and their
 * differences; "My reviews" lists what waits for the viewer's verdict. A refused step re-renders the page with the
 * message and what was typed kept (409 or 422); a done step redirects back with a flash message.
 */
@Controller
class ReviewController {

    private final PostmortemReviews reviews;
    private final PostmortemDownloads downloads;
    private final PostmortemTemplates templates;
    private final UserService users;

    ReviewController(PostmortemReviews reviews, PostmortemDownloads downloads, PostmortemTemplates templates,
            UserService users) {
        this.reviews = reviews;
        this.downloads = downloads;
        this.templates = templates;
        this.users = users;
    }

    /** What the forms hold when the page re-renders after a refused step. */
    record Typed(String reviewers, String verdict, String comment, String template) {

        static final Typed NONE = new Typed("", "", "", "");
    }

    @GetMapping("/incidents/{key}/postmortem/review")
    String page(@CurrentUser HindsightUser me, @PathVariable String key, Model model) {
        return render(me, key, model, Typed.NONE, null, null);
    }

    @PostMapping("/incidents/{key}/postmortem/review")
    String requestReview(@CurrentUser HindsightUser me, @PathVariable String key, @RequestParam String reviewers,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        Typed typed = new Typed(reviewers, "", "", "");
        return step(me, key, model, redirect, response, typed, "review.sent", () -> reviews.requestReview(me, key,
                Arrays.stream(reviewers.split("[,;\\s]+")).filter(s -> !s.isBlank()).toList()));
    }

    @PostMapping("/incidents/{key}/postmortem/verdict")
    String verdict(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestParam(required = false) String verdict, @RequestParam(required = false) String comment,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        Typed typed = new Typed("", verdict == null ? "" : verdict, comment == null ? "" : comment, "");
        return step(me, key, model, redirect, response, typed, "review.verdictGiven",
                () -> reviews.verdict(me, key, ReviewApiController.verdict(verdict), comment));
    }

    @PostMapping("/incidents/{key}/postmortem/publish")
    String publish(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestParam(required = false) String template, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        Typed typed = new Typed("", "", "", template == null ? "" : template);
        return step(me, key, model, redirect, response, typed, "review.published",
                () -> reviews.publish(me, key, template));
    }

    @GetMapping("/incidents/{key}/postmortem/versions/{number}.md")
    ResponseEntity<byte[]> versionMarkdown(@CurrentUser HindsightUser me, @PathVariable String key,
            @PathVariable int number) {
        return downloads.markdownFile(ReviewApiController.export(reviews.version(me, key, number)));
    }

    @GetMapping("/incidents/{key}/postmortem/versions/{number}.pdf")
    ResponseEntity<byte[]> versionPdf(@CurrentUser HindsightUser me, @PathVariable String key,
            @PathVariable int number) {
        return downloads.pdfFile(ReviewApiController.export(reviews.version(me, key, number)),
                reviews.versionPdf(me, key, number));
    }

    @GetMapping("/incidents/{key}/postmortem/diff")
    String diff(@CurrentUser HindsightUser me, @PathVariable String key, @RequestParam int from, @RequestParam int to,
            Model model) {
        model.addAttribute("review", reviews.view(me, key));
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("lines", reviews.diff(me, key, from, to));
        return "postmortem/diff";
    }

    @GetMapping("/reviews/mine")
    String mine(@CurrentUser HindsightUser me, Model model) {
        model.addAttribute("waiting", reviews.waitingFor(me));
        return "postmortem/my-reviews";
    }

    private String step(HindsightUser me, String key, Model model, RedirectAttributes redirect,
            HttpServletResponse response, Typed typed, String done, Runnable action) {
        try {
            action.run();
        } catch (ReviewRefusedException e) {
            response.setStatus(e.isIncomplete() ? 422 : 409);
            return render(me, key, model, typed, null, e);
        } catch (ChangeRefusedException e) {
            response.setStatus(422);
            return render(me, key, model, typed, e, null);
        } catch (ChangeForbiddenException e) {
            response.setStatus(403);
            return render(me, key, model, typed, new ChangeRefusedException(e.getField(), e.getMessageCode()), null);
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(done, key));
        return "redirect:/incidents/" + key + "/postmortem/review";
    }

    private String render(HindsightUser me, String key, Model model, Typed typed, ChangeRefusedException fieldError,
            ReviewRefusedException refused) {
        ReviewViews.ReviewView review = reviews.view(me, key);
        model.addAttribute("review", review);
        model.addAttribute("typed", typed);
        model.addAttribute("fieldError", fieldError);
        model.addAttribute("refused", refused);
        model.addAttribute("templates", templates.choices());
        model.addAttribute("accounts", users.activeAccounts());
        model.addAttribute("verdicts", List.of(Verdict.values()));
        return "postmortem/review";
    }
}
