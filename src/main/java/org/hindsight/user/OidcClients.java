package org.hindsight.user;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Every request Hindsight makes to the OpenID provider (discovery, token, JWK set, userinfo) with the same short
 * timeouts: a provider that accepts the connection and then says nothing makes the sign-in page say it cannot be
 * reached after {@link #READ_TIMEOUT}, instead of holding the browser and a request thread for minutes.
 */
final class OidcClients {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private OidcClients() {
    }

    static ClientHttpRequestFactory timeouts() {
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(CONNECT_TIMEOUT);
        factory.setReadTimeout(READ_TIMEOUT);
        return factory;
    }

    /** For the discovery document. */
    static RestClient discovery() {
        return RestClient.builder().requestFactory(timeouts()).build();
    }

    /** The token request: the library's own client (its converters, its error handler), with the timeouts. */
    static RestClientAuthorizationCodeTokenResponseClient tokens() {
        var client = new RestClientAuthorizationCodeTokenResponseClient();
        client.setRestClient(RestClient.builder().requestFactory(timeouts())
                .configureMessageConverters(converters -> converters
                        .addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        return client;
    }

    /** The userinfo request (made when the provider has the endpoint), with the timeouts. */
    static OidcUserService userInfo() {
        RestTemplate rest = new RestTemplate(timeouts());
        rest.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
        DefaultOAuth2UserService userInfo = new DefaultOAuth2UserService();
        userInfo.setRestOperations(rest);
        OidcUserService claims = new OidcUserService();
        claims.setOauth2UserService(userInfo);
        return claims;
    }

    /**
     * ID tokens checked as {@link OidcIdTokenDecoderFactory} does (RS256, the JWK set's keys, issuer, audience,
     * expiry, the claim types), the JWK set read with the timeouts; one decoder, and its cached keys, per JWK set URI.
     */
    static JwtDecoderFactory<ClientRegistration> idTokens() {
        RestTemplate rest = new RestTemplate(timeouts());
        Map<String, NimbusJwtDecoder> decoders = new ConcurrentHashMap<>();
        var claimTypes = OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter();
        return registration -> {
            String keys = registration.getProviderDetails().getJwkSetUri();
            String issuer = registration.getProviderDetails().getIssuerUri();
            return decoders.computeIfAbsent(keys + " " + issuer + " " + registration.getClientId(), key -> {
                NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(keys).restOperations(rest).build();
                decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                        new OidcIdTokenValidator(registration)));
                decoder.setClaimSetConverter(claimTypes);
                return decoder;
            });
        };
    }
}
