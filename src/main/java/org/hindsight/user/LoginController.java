package org.hindsight.user;

import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class LoginController {

    @GetMapping("/login")
    String login(Authentication authentication, HttpSession session, Model model) {
        if (authentication != null && !(authentication instanceof AnonymousAuthenticationToken)
                && authentication.isAuthenticated()) {
            return "redirect:/incidents";
        }
        Object lastUsername = session.getAttribute(LoginFailureHandler.LAST_USERNAME);
        session.removeAttribute(LoginFailureHandler.LAST_USERNAME);
        model.addAttribute("username", lastUsername == null ? "" : lastUsername);
        return "login";
    }
}
