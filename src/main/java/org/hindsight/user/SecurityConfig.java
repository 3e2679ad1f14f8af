package org.hindsight.user;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.hindsight.system.StaticAssets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;

/**
 * The filter chains: static assets without the session; alert intake and calendar feeds by their own secrets;
 * {@code /api/**} and {@code /actuator/**} stateless: HTTP Basic or a personal
 * API token, problem+json for 401/403, no session created. Everything else is the browser app: form
 * sign-in (and single sign-on when configured: {@link OidcSignIn}), a session, CSRF on every form. Only the sign-in
 * page, static assets and health are public.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfig {

    /** No inline script or style anywhere: every script and stylesheet is a file under static/. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final String[] PUBLIC_ASSETS = StaticAssets.PATTERNS;

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Passwords on the API (HTTP Basic, for scripts): every account that has one, whatever the sign-in page takes. */
    @Bean
    AuthenticationManager authenticationManager(DatabaseUserDetailsService users, PasswordEncoder passwordEncoder,
            LoginThrottle throttle) {
        return new ProviderManager(passwords(users::loadForPasswordSignIn, passwordEncoder, throttle));
    }

    private static AuthenticationProvider passwords(UserDetailsService accounts, PasswordEncoder passwordEncoder,
            LoginThrottle throttle) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(passwordEncoder);
        return new ThrottledAuthenticationProvider(passwords, throttle);
    }

    /**
     * The sign-in page: passwords (with password sign-in off, the break-glass account's alone: any other username
     * fails as a wrong password does), and the OpenID provider when single sign-on is configured.
     */
    private static AuthenticationManager signInPage(DatabaseUserDetailsService users, PasswordEncoder passwordEncoder,
            LoginThrottle throttle, PasswordLoginProperties passwordLogin, OidcSignIn singleSignOn) {
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(passwords(username -> {
            if (!passwordLogin.allows(username)) {
                throw new UsernameNotFoundException("Password sign-in is off");
            }
            return users.loadForPasswordSignIn(username);
        }, passwordEncoder, throttle));
        if (singleSignOn != null) {
            providers.add(singleSignOn.authenticationProvider());
        }
        return new ProviderManager(providers);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, AuthenticationManager authenticationManager,
            ApiTokenService tokens, DatabaseUserDetailsService users) throws Exception {
        var unauthorized = ProblemResponses.unauthorized();
        // a browser that is signed in may read the API with its session, but never causes one to be created
        var sessions = new HttpSessionSecurityContextRepository();
        sessions.setAllowSessionCreation(false);
        http.securityMatcher("/api/**", "/actuator/**")
                .authenticationManager(authenticationManager)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        // alert integrations and their secrets: admins only, reading included
                        .requestMatchers("/api/integrations", "/api/integrations/**").hasRole("ADMIN")
                        // outbound webhooks, their delivery logs and their secrets: admins only, reading included
                        .requestMatchers("/api/webhooks", "/api/webhooks/**").hasRole("ADMIN")
                        .requestMatchers("/api/audit").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER")
                        // an action item's owner moves it along whatever their role; the service checks ownership
                        .requestMatchers(HttpMethod.PATCH, "/api/actions/*").hasRole("VIEWER")
                        // a reviewer gives a verdict whatever their role; the review itself checks they were asked
                        .requestMatchers(HttpMethod.POST, "/api/incidents/*/postmortem/verdict").hasRole("VIEWER")
                        .anyRequest().hasRole("RESPONDER"))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens, unauthorized), BasicAuthenticationFilter.class)
                .addFilterAfter(new SessionUserRefreshFilter(users, sessions), SecurityContextHolderFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .securityContext(context -> context.securityContextRepository(
                        new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(), sessions)))
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(SecurityConfig::changesStateWithSessionCookie))
                .requestCache(cache -> cache.disable())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .headers(SecurityConfig::securityHeaders);
        return http.build();
    }

    /**
     * A user's calendar feed: the secret in its URL is the credential, so calendar apps fetch it without signing
     * in. GET only, no session, no cookies; unknown or revoked secrets get a plain 404 from the controller.
     */
    @Bean
    @Order(0)
    SecurityFilterChain calendarFeedSecurity(HttpSecurity http) throws Exception {
        return secretBearing(http, "GET", CALENDAR_FEED);
    }

    /**
     * Alert intake: senders (Alertmanager, Grafana, scripts) post with their integration's own secret, which the
     * intake checks (401, 403, 404 as problem+json). No user, session, cookie or CSRF token is involved.
     */
    @Bean
    @Order(-1)
    SecurityFilterChain alertIntakeSecurity(HttpSecurity http) throws Exception {
        return secretBearing(http, "POST", ALERT_INTAKE);
    }

    /**
     * A chain for requests whose own secret (in the URL or a header) is the credential, checked by their controller:
     * {@code method} on paths matching {@code path} exactly, no session, no cookies, no CSRF token, no user.
     */
    private static SecurityFilterChain secretBearing(HttpSecurity http, String method,
            java.util.regex.Pattern path) throws Exception {
        http.securityMatcher(request -> method.equals(request.getMethod()) && path.matcher(
                        request.getRequestURI().substring(request.getContextPath().length())).matches())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(
                        new RequestAttributeSecurityContextRepository()))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(Customizer.withDefaults())
                .headers(SecurityConfig::securityHeaders);
        return http.build();
    }

    /**
     * Static assets (stylesheets, scripts, images) are public and the same for everyone, so they are served without
     * the session: a signed-in browser's request for one neither reads the session nor writes its last access back
     * (measured with a session cookie: 600-700 stylesheets/s before, 1.5 ms of application and 1.0 ms of database CPU
     * each; 2,600-2,900/s after, 0.6 ms and none). {@code PageFlashMaps} and
     * {@code spring.mvc.publish-request-handled-events=false} keep Spring MVC from reading it too. The same headers
     * as every page.
     */
    @Bean
    @Order(-2)
    SecurityFilterChain assetSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher(PUBLIC_ASSETS)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                // it would look the requested session up to tell whether it is still valid
                .sessionManagement(session -> session.disable())
                .securityContext(context -> context.securityContextRepository(
                        new RequestAttributeSecurityContextRepository()))
                // nothing here changes state: a POST is refused by the resource handler (405)
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                // an anonymous user's details name the session, and so would read it
                .anonymous(anonymous -> anonymous.disable())
                .headers(SecurityConfig::securityHeaders);
        return http.build();
    }

    /** Exactly {@code /hooks/alerts/<one path segment>}. */
    private static final java.util.regex.Pattern ALERT_INTAKE =
            java.util.regex.Pattern.compile("/hooks/alerts/[^/]{1,40}");

    /** Exactly {@code /actions/calendar/<one path segment>.ics}. */
    private static final java.util.regex.Pattern CALENDAR_FEED =
            java.util.regex.Pattern.compile("/actions/calendar/[A-Za-z0-9_-]{1,100}\\.ics");

    @Bean
    @Order(2)
    SecurityFilterChain webSecurity(HttpSecurity http, DatabaseUserDetailsService users,
            org.springframework.context.ApplicationEventPublisher events, PasswordEncoder passwordEncoder,
            LoginThrottle throttle, PasswordLoginProperties passwordLogin, SingleSignOn oidc)
            throws Exception {
        var sessions = new HttpSessionSecurityContextRepository();
        OidcSignIn singleSignOn = oidc.signIn();
        http.authenticationManager(signInPage(users, passwordEncoder, throttle, passwordLogin, singleSignOn))
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(PUBLIC_ASSETS).permitAll()
                        .requestMatchers("/login").permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers("/postmortem-templates", "/postmortem-templates/**").hasRole("MANAGER")
                        .requestMatchers("/incidents/new", "/incidents/import", "/incidents/*/edit",
                                "/incidents/*/timeline/*/edit", "/incidents/*/actions/*/edit").hasRole("RESPONDER")
                        .requestMatchers(HttpMethod.POST, "/incidents/*/actions/*/status").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.POST, "/incidents/*/postmortem/verdict").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.POST, "/incidents", "/incidents/**").hasRole("RESPONDER")
                        // bulk changes on the ledger; BulkActions checks again
                        .requestMatchers(HttpMethod.POST, "/actions").hasRole("MANAGER")
                        .anyRequest().hasRole("VIEWER"))
                .formLogin(form -> form.loginPage("/login").failureHandler(new LoginFailureHandler(events)))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .securityContext(context -> context.securityContextRepository(sessions))
                .addFilterAfter(new SessionUserRefreshFilter(users, sessions), SecurityContextHolderFilter.class)
                .csrf(Customizer.withDefaults())
                // a page's own script (HX-Request) gets 401, not the sign-in page, and is never the page to
                // return to after signing in
                .exceptionHandling(errors -> errors.accessDeniedHandler(SecurityConfig::deniedPage)
                        .authenticationEntryPoint(SecurityConfig::signInFirst))
                .requestCache(cache -> cache.requestCache(pagesOnlyRequestCache()))
                .headers(headers -> {
                    if (singleSignOn == null) {
                        securityHeaders(headers);
                    } else {
                        // the sign-in button and sign-out send the browser on to the provider: the policy names
                        // its origins as its discovery document has them now
                        securityHeaders(headers.addHeaderWriter((request, response) -> response.setHeader(CSP,
                                        singleSignOn.contentSecurityPolicy())), null);
                    }
                });
        if (singleSignOn != null) {
            singleSignOn.configure(http);
        }
        return http.build();
    }

    /**
     * A form sent with a stale CSRF token by someone who is not signed in (the sign-in page left open past
     * the session's end, or a restart) is asked to sign in again; everything else denied is the 403 page.
     */
    private static void deniedPage(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
            org.springframework.security.access.AccessDeniedException denied)
            throws java.io.IOException, jakarta.servlet.ServletException {
        var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        boolean anonymous = authentication == null
                || authentication instanceof org.springframework.security.authentication.AnonymousAuthenticationToken;
        if (denied instanceof org.springframework.security.web.csrf.CsrfException && anonymous) {
            response.sendRedirect(request.getContextPath() + "/login?expired");
            return;
        }
        new org.springframework.security.web.access.AccessDeniedHandlerImpl().handle(request, response, denied);
    }

    private static final RequestHeaderRequestMatcher PARTIAL = new RequestHeaderRequestMatcher("HX-Request");
    private static final LoginUrlAuthenticationEntryPoint SIGN_IN = new LoginUrlAuthenticationEntryPoint("/login");

    /** Pages go to the sign-in page; a page's own script gets a bare 401 it can act on. */
    private static void signInFirst(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
            org.springframework.security.core.AuthenticationException e)
            throws java.io.IOException, jakarta.servlet.ServletException {
        if (PARTIAL.matches(request)) {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
        } else {
            SIGN_IN.commence(request, response, e);
        }
    }

    private static HttpSessionRequestCache pagesOnlyRequestCache() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(new NegatedRequestMatcher(PARTIAL));
        return cache;
    }

    private static void securityHeaders(HeadersConfigurer<HttpSecurity> headers) {
        securityHeaders(headers, CONTENT_SECURITY_POLICY);
    }

    /** The policy whose form-action also allows these origins. */
    static String contentSecurityPolicy(java.util.Collection<String> formActionOrigins) {
        return CONTENT_SECURITY_POLICY.replace("form-action 'self'",
                String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of("form-action 'self'"),
                        formActionOrigins.stream()).toList()));
    }

    private static final String CSP = "Content-Security-Policy";

    /** The headers of every chain; {@code contentSecurityPolicy} null when the chain writes its own. */
    private static void securityHeaders(HeadersConfigurer<HttpSecurity> headers, String contentSecurityPolicy) {
        if (contentSecurityPolicy != null) {
            headers.contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy));
        }
        headers.frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN));
    }

    /**
     * CSRF matters where the browser authenticates by itself: with the session cookie (or with Basic
     * credentials it cached, which it sends along with the cookie). A request carrying no session cookie,
     * or a bearer token that only a script can hold, cannot be forged. The API never sends a Basic
     * challenge, so browsers do not cache Basic credentials for it in the first place.
     */
    private static boolean changesStateWithSessionCookie(HttpServletRequest request) {
        return switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> false;
            default -> request.getRequestedSessionId() != null && !isBearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        };
    }

    private static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
