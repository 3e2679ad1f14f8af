package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider whose end-session endpoint is on another origin than its issuer (a separate logout host): the pages'
 * form-action allows it once the discovery document names it, so the sign-out's redirect there is not blocked. The
 * discovery document is served over real HTTP on loopback.
 */
class SingleSignOnContentSecurityPolicyTest {

    private HttpServer server;
    private String issuer;

    @BeforeEach
    void provider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", exchange -> {
            byte[] body = ("{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
                    + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\","
                    + "\"end_session_endpoint\":\"https://Logout.Example.net:8443/session/end?x=1\","
                    + "\"subject_types_supported\":[\"public\"],\"response_types_supported\":[\"code\"],"
                    + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void formActionAllowsTheEndSessionEndpointsOriginOnceDiscovered() {
        OidcRegistrations registrations = new OidcRegistrations(new OidcProperties(issuer, "hindsight", "secret",
                null, null, null, null, null, null));
        assertThat(registrations.formActionOrigins()).as("before the discovery document is read")
                .containsExactly(issuer);

        registrations.discover();

        assertThat(registrations.formActionOrigins()).containsExactly(issuer, "https://Logout.Example.net:8443");
        assertThat(SecurityConfig.contentSecurityPolicy(registrations.formActionOrigins()))
                .contains("; form-action 'self' " + issuer + " https://Logout.Example.net:8443; ")
                .startsWith("default-src 'self'; script-src 'self';");
    }
}
