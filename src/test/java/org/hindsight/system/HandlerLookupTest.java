package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * {@link PathFirstHandlerMapping} (Spring MVC's handler look-up with each mapping's path tried first) matches exactly
 * what Spring MVC's own look-up matches: every mapping of the application against a request to every one of its
 * paths, with every method, with and without a JSON body and an Accept header, as a CORS pre-flight request, under a
 * context path, percent-encoded and with a path parameter. The pre-check can only turn a match into none; every
 * mapping matched by some request shows that it did not. And the application runs with it, answering a wrong method
 * (with the methods the path takes) and an unknown path.
 */
@DatabaseTest
class HandlerLookupTest {

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Test
    void theApplicationLooksHandlersUpWithThePathFirst() {
        assertThat(handlerMapping).isInstanceOf(PathFirstHandlerMapping.class);
        assertThat(handlerMapping.getHandlerMethods()).as("the application's mappings").hasSizeGreaterThan(100);
    }

    @Test
    void everyMappingMatchesEveryRequestExactlyAsSpringMvcsOwnLookUpDoes() {
        PathFirstHandlerMapping mapping = (PathFirstHandlerMapping) handlerMapping;
        Set<RequestMappingInfo> infos = handlerMapping.getHandlerMethods().keySet();
        List<MockHttpServletRequest> requests = requests(infos);
        assertThat(requests).as("requests tried").hasSizeGreaterThan(1_000);
        Set<RequestMappingInfo> matched = new java.util.HashSet<>();
        for (MockHttpServletRequest request : requests) {
            for (RequestMappingInfo info : infos) {
                RequestMappingInfo expected = info.getMatchingCondition(request);
                RequestMappingInfo actual = mapping.getMatchingMapping(info, request);
                assertThat(actual).as("%s %s against %s", request.getMethod(), request.getRequestURI(), info)
                        .isEqualTo(expected);
                if (expected != null) {
                    matched.add(info);
                }
            }
        }
        // not a vacuous comparison: the requests were built from the mappings, and each mapping matched some
        assertThat(infos).as("mappings no request matched").containsOnlyOnceElementsOf(matched)
                .hasSameSizeAs(matched);
    }

    @Test
    void aWrongMethodAndAnUnknownPathAreAnsweredAsBefore() throws Exception {
        HindsightUser manager = users.create("lookup", Role.MANAGER);
        // a path whose mapping takes another method: 405 naming the methods it takes
        mvc.perform(post("/incidents/INC-1/postmortem.md").with(user(manager)).with(csrf()))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string(HttpHeaders.ALLOW, "GET, HEAD, OPTIONS"));
        mvc.perform(post("/api/incidents/INC-1/postmortem.md").with(user(manager)))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string(HttpHeaders.ALLOW, "GET, HEAD, OPTIONS"));
        // the same methods as an OPTIONS request to the path answers
        String options = mvc.perform(options("/incidents/INC-1/postmortem.md").with(user(manager)))
                .andReturn().getResponse().getHeader(HttpHeaders.ALLOW);
        assertThat(options).isNotNull();
        assertThat(java.util.Set.of(options.split(", ?"))).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS");
        mvc.perform(get("/incidents/INC-1/no-such-page").with(user(manager))).andExpect(status().isNotFound());
        mvc.perform(get("/api/incidents/INC-1/no-such-resource").with(user(manager))
                .accept(MediaType.APPLICATION_JSON)).andExpect(status().isNotFound());
    }

    /** Requests to each mapping's paths (variables filled in), with each method, three kinds of headers. */
    private static List<MockHttpServletRequest> requests(Set<RequestMappingInfo> infos) {
        Set<String> paths = new LinkedHashSet<>();
        paths.add("/");
        paths.add("/no-such-page");
        for (RequestMappingInfo info : infos) {
            if (info.getPathPatternsCondition() != null) {
                for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
                    String path = pattern.getPatternString().replaceAll("\\{\\*[^}]+}", "a/b")
                            .replaceAll("\\{[^}]+}", "INC-7");
                    paths.add(path);
                    paths.add(path + "/");
                    paths.add(path + "/more");
                }
            }
        }
        List<MockHttpServletRequest> requests = new ArrayList<>();
        for (String path : paths) {
            for (String method : METHODS) {
                requests.add(request(method, path, null, null));
                requests.add(request(method, path, MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE));
                requests.add(request(method, path, MediaType.APPLICATION_FORM_URLENCODED_VALUE, "text/html"));
            }
            // the same path as a browser or proxy may send it: the path Spring MVC matches is the same
            for (String method : List.of("GET", "POST")) {
                MockHttpServletRequest underContext = new MockHttpServletRequest(method, "/hindsight" + path);
                underContext.setContextPath("/hindsight");
                ServletRequestPathUtils.parseAndCache(underContext);
                requests.add(underContext);
                requests.add(request(method, percentEncoded(path), null, null));
                requests.add(request(method, path + ";jsessionid=0123456789ABCDEF", null, null));
            }
            MockHttpServletRequest preflight = request("OPTIONS", path, null, null);
            preflight.addHeader(HttpHeaders.ORIGIN, "https://elsewhere.example");
            preflight.addHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST");
            requests.add(preflight);
        }
        return requests;
    }

    /** The path with its first letter and every hyphen percent-encoded ({@code /%69ncidents/INC%2D7}). */
    private static String percentEncoded(String path) {
        String encoded = path.replace("-", "%2D");
        if (encoded.length() > 1 && Character.isLetter(encoded.charAt(1))) {
            encoded = "/%" + Integer.toHexString(encoded.charAt(1)).toUpperCase(java.util.Locale.ROOT)
                    + encoded.substring(2);
        }
        return encoded;
    }

    private static MockHttpServletRequest request(String method, String path, String contentType, String accept) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (contentType != null) {
            request.setContentType(contentType);
        }
        if (accept != null) {
            request.addHeader(HttpHeaders.ACCEPT, accept);
        }
        ServletRequestPathUtils.parseAndCache(request);
        return request;
    }
}
