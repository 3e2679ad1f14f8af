package org.hindsight.postmortem.review;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hindsight.system.EditConflictException;
import org.hindsight.system.Flash;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The team's review rules for admins: approvals a publication needs, and whether publishing closes the incident. */
@Controller
class ReviewSettingsController {

    private final PostmortemReviews reviews;

    ReviewSettingsController(PostmortemReviews reviews) {
        this.reviews = reviews;
    }

    /** The form: the version of the settings it was read at, so that two admins never overwrite each other. */
    static final class ReviewSettingsForm {

        @NotNull(message = "{review.settings.approvalsRequired}")
        @Min(value = 0, message = "{review.settings.approvalsRequired}")
        @Max(value = PostmortemReviews.MAX_REVIEWERS, message = "{review.settings.approvalsRequired}")
        private Integer approvalsRequired;
        private boolean closeOnPublish;
        private long version;

        public Integer getApprovalsRequired() {
            return approvalsRequired;
        }

        public void setApprovalsRequired(Integer approvalsRequired) {
            this.approvalsRequired = approvalsRequired;
        }

        public boolean isCloseOnPublish() {
            return closeOnPublish;
        }

        public void setCloseOnPublish(boolean closeOnPublish) {
            this.closeOnPublish = closeOnPublish;
        }

        public long getVersion() {
            return version;
        }

        public void setVersion(long version) {
            this.version = version;
        }
    }

    @GetMapping("/admin/review-settings")
    String page(Model model) {
        ReviewViews.Settings now = reviews.settings();
        ReviewSettingsForm form = new ReviewSettingsForm();
        form.setApprovalsRequired(now.approvalsRequired());
        form.setCloseOnPublish(now.closeOnPublish());
        form.setVersion(now.version());
        model.addAttribute("form", form);
        return "admin/review-settings";
    }

    @PostMapping("/admin/review-settings")
    String save(@CurrentUser HindsightUser me, @Valid @ModelAttribute("form") ReviewSettingsForm form,
            BindingResult result, RedirectAttributes redirect, HttpServletResponse response) {
        if (!result.hasErrors()) {
            try {
                reviews.updateSettings(me, form.getApprovalsRequired(), form.isCloseOnPublish(), form.getVersion());
                redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("review.settings.saved"));
                return "redirect:/admin/review-settings";
            } catch (EditConflictException e) {
                result.reject("review.settings.conflict");
            }
        }
        response.setStatus(result.hasGlobalErrors() ? 409 : 422);
        return "admin/review-settings";
    }
}
