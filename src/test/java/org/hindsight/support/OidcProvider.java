package org.hindsight.support;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID provider for the single sign-on tests: Spring Authorization Server in an application context of its
 * own (no auto-configuration: nothing of Hindsight's database, sessions or settings), on 127.0.0.1 and a port of its
 * own, with OIDC discovery, the userinfo and RP-initiated logout endpoints, a form sign-in page, and one client,
 * {@value #CLIENT_ID}, whose redirect URI is the application's {@code /login/oauth2/code/oidc}. Each test user's
 * claims (groups, email, email_verified, preferred_username, name, zoneinfo) go into the ID token, and may change
 * between sign-ins. Its session cookie has a name of its own: cookies do not tell ports apart.
 *
 * <pre>OidcProvider provider = OidcProvider.start(); provider.user("ada", Map.of("groups", List.of("sre")));</pre>
 */
public final class OidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "hindsight";
    public static final String CLIENT_SECRET = "provider-test-secret-0001";
    public static final String PASSWORD = "provider-password-0001";

    /** The signing key: the same across a restart on the same port, as a real provider's. */
    private static final KeyPair KEY = rsa();

    private final Map<String, Map<String, Object>> claims = new ConcurrentHashMap<>();
    private final java.util.Set<String> hanging = ConcurrentHashMap.newKeySet();
    private volatile java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(0);
    private final InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
    private volatile String appBaseUrl = "http://127.0.0.1";
    private volatile ConfigurableApplicationContext context;
    private int port;

    private OidcProvider() {
    }

    /** A provider on a free port of 127.0.0.1. */
    public static OidcProvider start() {
        OidcProvider provider = new OidcProvider();
        provider.run(0);
        return provider;
    }

    /** The issuer URI (and the base of every endpoint). */
    public String issuer() {
        return "http://127.0.0.1:" + port;
    }

    /** The application's single sign-on settings for this provider, its button named "Example ID". */
    public void configure(org.springframework.test.context.DynamicPropertyRegistry properties) {
        properties.add("hindsight.oidc.issuer-uri", this::issuer);
        properties.add("hindsight.oidc.client-id", () -> CLIENT_ID);
        properties.add("hindsight.oidc.client-secret", () -> CLIENT_SECRET);
        properties.add("hindsight.oidc.display-name", () -> "Example ID");
    }

    /** Where the application runs, e.g. {@code http://127.0.0.1:8080}: its redirect and post-logout URIs. */
    public void app(String baseUrl) {
        this.appBaseUrl = baseUrl;
    }

    /** Adds or changes a user (password {@link #PASSWORD}) and the claims their next ID token carries. */
    public void user(String username, Map<String, Object> userClaims) {
        if (!users.userExists(username)) {
            users.createUser(User.withUsername(username).password("{noop}" + PASSWORD).roles("USER").build());
        }
        claims.put(username, Map.copyOf(userClaims));
    }

    /**
     * Requests to this endpoint ({@code /oauth2/token}) are taken and then left unanswered, as by a provider that hangs,
     * until {@link #answer()} (at most a minute).
     */
    public synchronized void hang(String path) {
        if (answer.getCount() == 0) {
            answer = new java.util.concurrent.CountDownLatch(1);
        }
        hanging.add(path);
    }

    /** Every endpoint answers again; the requests left hanging go on. */
    public synchronized void answer() {
        hanging.clear();
        answer.countDown();
    }

    /** Stops answering: the port refuses connections until {@link #restart()}. */
    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** Answers again on the same port, with the same users and key (its sessions are gone). */
    public void restart() {
        run(port);
    }

    @Override
    public void close() {
        answer();
        stop();
    }

    /** The provider whose context is starting, for {@link Endpoints#provider()}. */
    private static OidcProvider starting;

    private void run(int onPort) {
        synchronized (OidcProvider.class) {
            starting = this;
            context = new SpringApplicationBuilder(Endpoints.class).web(WebApplicationType.SERVLET)
                    .bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                    .properties("provider.port=" + onPort).run();
            starting = null;
        }
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A test configuration, so that the application's component scan leaves it out (it is this context's alone). */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class Endpoints {

        @Bean
        OidcProvider provider() {
            return starting;
        }

        @Bean
        TomcatServletWebServerFactory webServer(org.springframework.core.env.Environment environment) {
            TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(
                    environment.getProperty("provider.port", Integer.class, 0));
            factory.setAddress(InetAddress.getLoopbackAddress());
            factory.getSettings().getSession().getCookie().setName("PROVIDER_SESSION");
            // a servlet for every path, so that requests reach the filters (the endpoints) at all
            factory.setRegisterDefaultServlet(true);
            return factory;
        }

        /** Before every endpoint: the requests {@link OidcProvider#hang} says to leave unanswered. */
        @Bean
        org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> hang(
                OidcProvider provider) {
            jakarta.servlet.Filter filter = (request, response, chain) -> {
                String path = ((jakarta.servlet.http.HttpServletRequest) request).getRequestURI();
                if (provider.hanging.contains(path)) {
                    try {
                        provider.answer.await(1, java.util.concurrent.TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                chain.doFilter(request, response);
            };
            var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(filter);
            registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        /** Every endpoint is a filter of Spring Security's: no servlet, no MVC. */
        @Bean
        DelegatingFilterProxyRegistrationBean securityFilter() {
            return new DelegatingFilterProxyRegistrationBean("springSecurityFilterChain");
        }

        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            http.oauth2AuthorizationServer(server -> {
                http.securityMatcher(server.getEndpointsMatcher());
                server.oidc(Customizer.withDefaults());
            })
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                            new LoginUrlAuthenticationEntryPoint("/login"),
                            new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                    .oauth2ResourceServer(resource -> resource.jwt(Customizer.withDefaults()));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain signInPage(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        InMemoryUserDetailsManager users(OidcProvider provider) {
            return provider.users;
        }

        @Bean
        RegisteredClientRepository clients(OidcProvider provider) {
            return new RegisteredClientRepository() {
                @Override
                public void save(RegisteredClient registeredClient) {
                    // the secret's encoding "upgraded" after a sign-in: the client stays as built
                }

                @Override
                public RegisteredClient findById(String id) {
                    return CLIENT_ID.equals(id) ? client(provider.appBaseUrl) : null;
                }

                @Override
                public RegisteredClient findByClientId(String clientId) {
                    return CLIENT_ID.equals(clientId) ? client(provider.appBaseUrl) : null;
                }
            };
        }

        private static RegisteredClient client(String app) {
            return RegisteredClient.withId(CLIENT_ID).clientId(CLIENT_ID).clientSecret("{noop}" + CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri(app + "/login/oauth2/code/oidc")
                    .postLogoutRedirectUri(app + "/login?logout")
                    .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope(OidcScopes.EMAIL)
                    .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false)
                            .requireProofKey(true).build())
                    .build();
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> claims(OidcProvider provider) {
            return context -> {
                if ("id_token".equals(context.getTokenType().getValue())) {
                    provider.claims.getOrDefault(context.getPrincipal().getName(), Map.of())
                            .forEach((name, value) -> context.getClaims().claim(name, value));
                }
            };
        }

        @Bean
        JWKSource<SecurityContext> keys() {
            RSAKey key = new RSAKey.Builder((RSAPublicKey) KEY.getPublic()).privateKey((RSAPrivateKey) KEY.getPrivate())
                    .keyID(UUID.nameUUIDFromBytes(KEY.getPublic().getEncoded()).toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }
    }
}
