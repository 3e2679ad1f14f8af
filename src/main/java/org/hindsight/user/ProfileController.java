package org.hindsight.user;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.Flash;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The signed-in user's own page: details and time zone, password, personal API tokens. */
@Controller
@RequestMapping("/profile")
class ProfileController {

    private static final String PAGE = "profile/profile";
    private static final java.util.regex.Pattern LOCAL_PATH = java.util.regex.Pattern.compile("/(?![/.])[A-Za-z0-9/_.-]*");

    private final UserService users;
    private final ApiTokenService tokens;
    private final TimeZones timeZones;
    private final SignedInSession sessions;
    private final java.util.List<ProfileSection> sections;

    ProfileController(UserService users, ApiTokenService tokens, TimeZones timeZones, SignedInSession sessions,
            java.util.List<ProfileSection> sections) {
        this.users = users;
        this.tokens = tokens;
        this.timeZones = timeZones;
        this.sessions = sessions;
        this.sections = sections;
    }

    @InitBinder
    void initBinder(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @GetMapping
    String show(@CurrentUser HindsightUser me, Model model) {
        model.addAttribute("profile", UserForms.Profile.of(users.get(me.getId())));
        return page(me, model);
    }

    @PostMapping
    String update(@CurrentUser HindsightUser me, @Valid @ModelAttribute("profile") UserForms.Profile profile,
            BindingResult result, Model model, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return page(me, model);
        }
        try {
            users.updateProfile(me.getId(), profile);
        } catch (EditConflictException | OptimisticLockingFailureException e) {
            // keep the user's text, show the saved version beside it; saving again applies theirs knowingly
            UserView current = users.get(me.getId());
            model.addAttribute("conflict", current);
            model.addAttribute("profile", new UserForms.Profile(profile.displayName(), profile.email(),
                    profile.timeZone(), profile.hourCycle(), current.version()));
            return page(me, model);
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("profile.saved"));
        return "redirect:/profile";
    }

    @PostMapping("/password")
    String changePassword(@CurrentUser HindsightUser me,
            @Valid @ModelAttribute("password") UserForms.ChangePassword password, BindingResult result, Model model,
            RedirectAttributes redirect, HttpServletRequest request, HttpServletResponse response) {
        if (!result.hasFieldErrors("confirmPassword") && password.newPassword() != null
                && !password.newPassword().equals(password.confirmPassword())) {
            result.rejectValue("confirmPassword", "password.confirm.mismatch");
        }
        if (!result.hasErrors()) {
            try {
                users.changePassword(me.getId(), password.currentPassword(), password.newPassword());
                sessions.refresh(request, response);
                redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("password.changed"));
                return "redirect:/profile";
            } catch (ChangeRefusedException e) {
                result.rejectValue(e.getField(), e.getMessageCode());
            }
        }
        return page(me, model);
    }

    /**
     * The timeline order, chosen on an incident page: remembered, then back to that page (only a path of this
     * application, never another site).
     */
    @PostMapping("/timeline-order")
    String timelineOrder(@CurrentUser HindsightUser me, @RequestParam TimelineOrder order,
            @RequestParam(defaultValue = "/profile") String back, HttpServletRequest request,
            HttpServletResponse response) {
        users.setTimelineOrder(me.getId(), order);
        sessions.refresh(request, response);
        return "redirect:" + (LOCAL_PATH.matcher(back).matches() ? back : "/profile");
    }

    @PostMapping("/tokens")
    String createToken(@CurrentUser HindsightUser me, @Valid @ModelAttribute("token") UserForms.NewToken token,
            BindingResult result, Model model, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return page(me, model);
        }
        ApiTokenService.NewToken created = tokens.create(me.getId(), token.name());
        redirect.addFlashAttribute("newToken", created.value());
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("token.created", created.token().name()));
        return "redirect:/profile";
    }

    @PostMapping("/tokens/{tokenId}/revoke")
    String revokeToken(@CurrentUser HindsightUser me, @PathVariable long tokenId, RedirectAttributes redirect) {
        tokens.revoke(me.getId(), tokenId);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("token.revoked"));
        return "redirect:/profile";
    }

    /** The page with whichever of its forms the request did not bring filled in afresh. */
    private String page(HindsightUser me, Model model) {
        if (!model.containsAttribute("profile")) {
            model.addAttribute("profile", UserForms.Profile.of(users.get(me.getId())));
        }
        if (!model.containsAttribute("password")) {
            model.addAttribute("password", UserForms.ChangePassword.empty());
        }
        if (!model.containsAttribute("token")) {
            model.addAttribute("token", UserForms.NewToken.empty());
        }
        model.addAttribute("tokens", tokens.list(me.getId()));
        model.addAttribute("timeZones", timeZones.all());
        model.addAttribute("hourCycles", HourCycle.values());
        sections.forEach(section -> section.populate(model, me));
        return PAGE;
    }
}
