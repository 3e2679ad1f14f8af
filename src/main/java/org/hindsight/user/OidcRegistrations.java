package org.hindsight.user;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The one client registration, {@code oidc}, built from the provider's discovery document
 * ({@code <issuer>/.well-known/openid-configuration}) when it is first needed, not at start-up: a provider that is
 * down does not keep Hindsight from starting. Each press of the sign-in button reads the document again
 * ({@link #discover()}), so a provider that is down is said so on the sign-in page, and changed endpoints are taken.
 * Authorization code flow with PKCE, whatever the provider advertises.
 */
final class OidcRegistrations implements ClientRegistrationRepository {

    /** The provider could not be reached, or answered with something that is not its discovery document. */
    static final class Unavailable extends OAuth2AuthenticationException {

        Unavailable(String why, Throwable cause) {
            super(new OAuth2Error("provider_unavailable", why, null), cause);
        }
    }

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private final OidcProperties settings;
    private final RestClient rest;
    private volatile ClientRegistration current;

    OidcRegistrations(OidcProperties settings) {
        this.settings = settings;
        this.rest = OidcClients.discovery();
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!OidcProperties.REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = current;
        return known != null ? known : discover();
    }

    /**
     * Where the browser is sent on leaving a form of Hindsight's (the pages' CSP form-action): the issuer's origin (the
     * sign-in button), and the end-session endpoint's (sign-out) when the discovery document read last names one on
     * another origin.
     */
    Set<String> formActionOrigins() {
        Set<String> origins = new LinkedHashSet<>();
        origins.add(origin(settings.issuer()));
        ClientRegistration known = current;
        Object endSession = known == null ? null
                : known.getProviderDetails().getConfigurationMetadata().get("end_session_endpoint");
        if (endSession != null) {
            try {
                origins.add(origin(endSession.toString()));
            } catch (IllegalArgumentException e) {
                // not a URI: Spring Security cannot send the browser there either
            }
        }
        return origins;
    }

    private static String origin(String uri) {
        URI parsed = URI.create(uri);
        if (parsed.getScheme() == null || parsed.getRawAuthority() == null) {
            throw new IllegalArgumentException("Not an absolute URI: " + uri);
        }
        return parsed.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + parsed.getRawAuthority();
    }

    /** Reads the provider's discovery document now; {@link Unavailable} when that fails. */
    ClientRegistration discover() {
        String issuer = settings.issuer();
        Map<String, Object> configuration;
        try {
            configuration = rest.get().uri(issuer + "/.well-known/openid-configuration").retrieve().body(JSON);
        } catch (RestClientException e) {
            throw new Unavailable("The provider's discovery document could not be read: " + e.getMessage(), e);
        }
        Object advertised = configuration == null ? null : configuration.get("issuer");
        if (advertised == null || !issuer.equals(advertised.toString().replaceAll("/$", ""))) {
            throw new Unavailable("The discovery document at " + issuer + " names another issuer: " + advertised,
                    null);
        }
        try {
            ClientRegistration registration = ClientRegistrations.fromOidcConfiguration(configuration)
                    .registrationId(OidcProperties.REGISTRATION_ID)
                    .clientId(settings.clientId().trim())
                    .clientSecret(settings.clientSecret().trim())
                    .scope(settings.scopeSet())
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .userNameAttributeName(IdTokenClaimNames.SUB)
                    .clientName(settings.buttonName())
                    .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
                    .build();
            current = registration;
            return registration;
        } catch (RuntimeException e) {
            throw new Unavailable("The provider's discovery document is not usable: " + e.getMessage(), e);
        }
    }
}
