package org.hindsight.user;

import jakarta.validation.Valid;

import org.hindsight.system.BadParameterException;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.Flash;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
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

/** Admin pages: list, create and edit accounts, set roles, disable, reset a password. */
@Controller
@RequestMapping("/admin/users")
class AdminUserController {

    private static final int PAGE_SIZE = 25;
    private static final String LIST = "admin/users";
    private static final String NEW = "admin/user-new";
    private static final String EDIT = "admin/user-edit";

    private final UserService users;
    private final TimeZones timeZones;

    AdminUserController(UserService users, TimeZones timeZones) {
        this.users = users;
        this.timeZones = timeZones;
    }

    @InitBinder
    void initBinder(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @ModelAttribute
    void choices(Model model) {
        model.addAttribute("allRoles", Role.values());
        model.addAttribute("timeZones", timeZones.all());
    }

    @GetMapping
    String list(@RequestParam(defaultValue = "0") int page, Model model) {
        // beyond this, the first row's offset would not fit the int the database query takes
        if (page < 0 || page > Integer.MAX_VALUE / PAGE_SIZE - 1) {
            throw new BadParameterException("page");
        }
        model.addAttribute("users", users.page(PageRequest.of(page, PAGE_SIZE)));
        return LIST;
    }

    @GetMapping("/new")
    String newUser(Model model) {
        model.addAttribute("user", UserForms.NewUser.empty());
        return NEW;
    }

    @PostMapping
    String create(@Valid @ModelAttribute("user") UserForms.NewUser user, BindingResult result,
            RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return NEW;
        }
        try {
            long id = users.create(user);
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("user.created", user.username()));
            return "redirect:/admin/users/" + id;
        } catch (ChangeRefusedException e) {
            result.rejectValue(e.getField(), e.getMessageCode());
            return NEW;
        }
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, Model model) {
        UserView user = users.get(id);
        model.addAttribute("account", user);
        model.addAttribute("user", UserForms.EditUser.of(user));
        model.addAttribute("reset", UserForms.ResetPassword.empty());
        return EDIT;
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @CurrentUser HindsightUser me,
            @Valid @ModelAttribute("user") UserForms.EditUser user, BindingResult result, Model model,
            RedirectAttributes redirect) {
        UserView account = users.get(id);
        model.addAttribute("account", account);
        model.addAttribute("reset", UserForms.ResetPassword.empty());
        if (result.hasErrors()) {
            return EDIT;
        }
        try {
            users.update(id, user, me.getId());
        } catch (ChangeRefusedException e) {
            result.rejectValue(e.getField(), e.getMessageCode());
            return EDIT;
        } catch (EditConflictException | OptimisticLockingFailureException e) {
            // keep the admin's choices, show the saved version beside them; saving again applies theirs knowingly
            UserView current = users.get(id);
            model.addAttribute("conflict", current);
            model.addAttribute("user", new UserForms.EditUser(user.displayName(), user.email(), user.timeZone(),
                    user.roles(), user.enabled(), current.version()));
            return EDIT;
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("user.saved", account.username()));
        return "redirect:/admin/users/" + id;
    }

    @PostMapping("/{id}/password")
    String resetPassword(@PathVariable long id, @Valid @ModelAttribute("reset") UserForms.ResetPassword reset,
            BindingResult result, Model model, RedirectAttributes redirect) {
        UserView account = users.get(id);
        if (result.hasErrors()) {
            model.addAttribute("account", account);
            model.addAttribute("user", UserForms.EditUser.of(account));
            return EDIT;
        }
        users.resetPassword(id, reset.newPassword());
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("user.passwordReset", account.username()));
        return "redirect:/admin/users/" + id;
    }
}
