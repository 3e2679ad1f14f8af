package org.hindsight.user;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;

/**
 * Single sign-on through an OpenID provider (README "Single sign-on"), made by {@link SingleSignOn} only when it is
 * configured: the provider's button on the sign-in page starts the authorization code flow with PKCE at
 * {@code /oauth2/authorization/oidc}; the provider sends the browser back to {@code /login/oauth2/code/oidc}. The
 * flow's state, nonce and PKCE verifier wait in the session, which lives in the database, so any instance behind the
 * load balancer takes the answer. Sign-out also ends the provider's session where it supports RP-initiated logout.
 */
final class OidcSignIn {

    private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);
    static final String AUTHORIZATION_BASE = "/oauth2/authorization";

    private final OidcRegistrations registrations;
    private final OidcAccounts accounts;
    private final OidcSignInFailure failure;
    private final OidcProperties settings;

    OidcSignIn(OidcProperties settings, OidcAccounts accounts, ApplicationEventPublisher events) {
        this.settings = settings;
        this.registrations = new OidcRegistrations(settings);
        this.accounts = accounts;
        this.failure = new OidcSignInFailure(events);
        // read the mapping now: a mistake in it stops the start with a message naming it
        new OidcRoles(settings);
        log.info("Single sign-on through {} (redirect URI: <base URL>/login/oauth2/code/{})", settings.issuer(),
                OidcProperties.REGISTRATION_ID);
    }

    /**
     * The pages' Content-Security-Policy: form-action lets the browser go on to the provider's origin (the sign-in
     * button) and to its end-session endpoint's (sign-out), when the discovery document names one on another origin.
     */
    String contentSecurityPolicy() {
        return SecurityConfig.contentSecurityPolicy(registrations.formActionOrigins());
    }

    /**
     * Reads the discovery document once soon after the start, off the start-up thread (a provider that is down keeps
     * nothing from starting): so that the pages allow the end-session endpoint's origin from the start, for those
     * still signed in from before a restart.
     */
    void readDiscoveryDocument() {
        Thread reader = new Thread(() -> {
            try {
                registrations.discover();
            } catch (RuntimeException e) {
                log.warn("The provider's discovery document could not be read at start-up: {}", e.getMessage());
            }
        }, "oidc-discovery");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Checks the code the provider sent back, and the ID token, then finds or creates the account; every request to
     * the provider with short timeouts ({@link OidcClients}).
     */
    AuthenticationProvider authenticationProvider() {
        OidcUserService claims = OidcClients.userInfo();
        var provider = new OidcAuthorizationCodeAuthenticationProvider(OidcClients.tokens(),
                request -> accounts.signIn(claims.loadUser(request)));
        provider.setJwtDecoderFactory(OidcClients.idTokens());
        return provider;
    }

    void configure(HttpSecurity http) throws Exception {
        http.oauth2Login(login -> login.loginPage("/login")
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(NOTHING_KEPT)
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(freshDiscovery()))
                .failureHandler(failure)
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        // the provider cannot be reached: the sign-in page says so, instead of a 500
                        filter.setAuthenticationFailureHandler(failure);
                        return filter;
                    }
                }))
                .logout(logout -> logout.logoutSuccessHandler(signOut()));
    }

    /** The button reads the provider's discovery document afresh before sending the browser there. */
    private OAuth2AuthorizationRequestResolver freshDiscovery() {
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, AUTHORIZATION_BASE);
        return new OAuth2AuthorizationRequestResolver() {
            @Override
            public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                if (path.equals(AUTHORIZATION_BASE + "/" + OidcProperties.REGISTRATION_ID)) {
                    registrations.discover();
                }
                return resolver.resolve(request);
            }

            @Override
            public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
                return resolver.resolve(request, registrationId);
            }
        };
    }

    /** To the provider's end-session endpoint, which returns to {@code /login?logout}; else straight there. */
    private LogoutSuccessHandler signOut() {
        var provider = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        provider.setPostLogoutRedirectUri("{baseUrl}/login?logout");
        provider.setDefaultTargetUrl("/login?logout");
        return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
            try {
                provider.onLogoutSuccess(request, response, authentication);
            } catch (RuntimeException e) {
                // signed out here all the same; the provider's session is left as it is
                log.warn("Sign-out could not reach the provider: {}", e.getMessage());
                response.sendRedirect(request.getContextPath() + "/login?logout");
            }
        };
    }

    /** The provider's access token is not used after sign-in: nothing is kept of it. */
    private static final OAuth2AuthorizedClientRepository NOTHING_KEPT = new OAuth2AuthorizedClientRepository() {
        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId,
                Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal,
                HttpServletRequest request, HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String registrationId, Authentication principal,
                HttpServletRequest request, HttpServletResponse response) {
        }
    };
}
