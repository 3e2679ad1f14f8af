package org.hindsight.user;

import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page: the password form, the provider's button when single sign-on is configured, or the button alone
 * when password sign-in is off ({@code /login?password} still shows the form, for the break-glass account).
 */
@Controller
class LoginController {

    private final OidcProperties oidc;
    private final PasswordLoginProperties passwordLogin;

    LoginController(OidcProperties oidc, PasswordLoginProperties passwordLogin) {
        this.oidc = oidc;
        this.passwordLogin = passwordLogin;
    }

    @GetMapping("/login")
    String login(Authentication authentication, HttpSession session, Model model,
            @RequestParam(required = false) String sso, @RequestParam(required = false) String password,
            @RequestParam(required = false) String error) {
        if (authentication != null && !(authentication instanceof AnonymousAuthenticationToken)
                && authentication.isAuthenticated()) {
            return "redirect:/incidents";
        }
        Object lastUsername = session.getAttribute(LoginFailureHandler.LAST_USERNAME);
        session.removeAttribute(LoginFailureHandler.LAST_USERNAME);
        model.addAttribute("username", lastUsername == null ? "" : lastUsername);
        boolean singleSignOn = oidc.configured();
        model.addAttribute("singleSignOn", singleSignOn ? oidc.buttonName() : null);
        model.addAttribute("ssoUrl", OidcSignIn.AUTHORIZATION_BASE + "/" + OidcProperties.REGISTRATION_ID);
        model.addAttribute("ssoProblem", sso != null && OidcSignInFailure.REASONS.contains(sso)
                ? "login.sso." + sso : null);
        model.addAttribute("passwordForm", passwordLogin.on() || !singleSignOn || password != null || error != null
                || lastUsername != null);
        return "login";
    }
}
