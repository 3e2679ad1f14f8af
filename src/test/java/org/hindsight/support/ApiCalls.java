package org.hindsight.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hindsight.support.TestUsers.from;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.hindsight.user.HindsightUser;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import tools.jackson.databind.json.JsonMapper;

/**
 * Calls to the JSON API as the API tests make them: JSON bodies written and read with the application's own
 * {@link JsonMapper}, HTTP Basic sign-in from a client address of its own, and the checks every API test shares
 * (problem details naming a field, 401s, no session). The static helpers need nothing; an instance holds the
 * test's {@link MockMvc} and mapper, and the network its client addresses come from.
 */
public final class ApiCalls {

    /** One counter per network, for the whole run: an address is never used twice. */
    private static final Map<String, AtomicInteger> ADDRESSES = new ConcurrentHashMap<>();

    private final MockMvc mvc;
    private final JsonMapper json;
    private final String network;
    private final AtomicInteger addresses;

    /**
     * @param network the first two octets of the client addresses, e.g. {@code "10.31"}: one per test class, so
     *                that sign-in throttling never mixes its requests with another class's
     */
    public ApiCalls(MockMvc mvc, JsonMapper json, String network) {
        this.mvc = mvc;
        this.json = json;
        this.network = network;
        this.addresses = ADDRESSES.computeIfAbsent(network, n -> new AtomicInteger());
    }

    // ---- requests

    /** HTTP Basic as {@code user} with {@link TestUsers#PASSWORD}, from a client address no other request used. */
    public RequestPostProcessor basic(HindsightUser user) {
        RequestPostProcessor credentials = httpBasic(user.getUsername(), TestUsers.PASSWORD);
        RequestPostProcessor address = from(nextAddress());
        return request -> address.postProcessRequest(credentials.postProcessRequest(request));
    }

    /** A client address of its own for every request: sign-in throttling never mixes with other tests. */
    public String nextAddress() {
        int n = addresses.incrementAndGet();
        return network + "." + (n / 250) % 250 + "." + (n % 250 + 1);
    }

    public MockHttpServletRequestBuilder postJson(String path, Object body) {
        return post(path).contentType(MediaType.APPLICATION_JSON).content(write(body));
    }

    public MockHttpServletRequestBuilder patchJson(String path, Object body) {
        return patch(path).contentType(MediaType.APPLICATION_JSON).content(write(body));
    }

    public String write(Object body) {
        return json.writeValueAsString(body);
    }

    /** A JSON object from name, value pairs; values may be null (an explicit JSON null). */
    public static Map<String, Object> obj(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    // ---- answers

    @SuppressWarnings("unchecked")
    public Map<String, Object> body(MvcResult result) throws Exception {
        return json.readValue(result.getResponse().getContentAsString(), Map.class);
    }

    /** The answer to a request, whatever its status; an exception escaping the app fails the test too. */
    public MockHttpServletResponse send(RequestBuilder request) {
        try {
            return mvc.perform(request).andReturn().getResponse();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new AssertionError("The request failed with an exception (a 500): " + root, e);
        }
    }

    /** Declares an incident through {@code POST /api/incidents} (expecting 201) and answers its key. */
    public String createIncident(HindsightUser by, Map<String, Object> incident) throws Exception {
        MvcResult result = mvc.perform(postJson("/api/incidents", incident).with(basic(by)))
                .andExpect(status().isCreated()).andReturn();
        return (String) body(result).get("key");
    }

    // ---- checks

    /** 400 or 422 problem details whose {@code errors[].field} names the field. */
    public static ResultMatcher problemNaming(String field) {
        return all(
                content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON),
                jsonPath("$.errors[*].field", hasItem(field)),
                jsonPath("$.errors[*].message", not(hasItem(nullValue()))));
    }

    /** A refused change (422): {@code field} and {@code errors[].field} both name the field. */
    public static ResultMatcher refusalNaming(String field) {
        return all(problemNaming(field), jsonPath("$.field").value(field),
                jsonPath("$.status").value(422));
    }

    /** Every matcher in turn; the first that fails fails the whole. */
    private static ResultMatcher all(ResultMatcher... matchers) {
        return result -> {
            for (ResultMatcher matcher : matchers) {
                matcher.match(result);
            }
        };
    }

    /** 401 as problem details. */
    public static ResultActions expectUnauthorized(ResultActions actions) throws Exception {
        return actions.andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401));
    }

    /** Either taken (201) or refused as 400 problem details naming the field: never a server error. */
    public static void assertCreatedOrRefused(MockHttpServletResponse response, String field) throws Exception {
        assertThat(response.getStatus()).as("status").isIn(201, 400);
        if (response.getStatus() == 400) {
            assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(response.getContentAsString()).contains("\"field\":\"" + field + "\"");
        }
    }

    /** The call neither set a cookie nor made a session. */
    public static void assertNoSession(MvcResult result) {
        MockHttpServletResponse response = result.getResponse();
        assertThat(response.getHeader(HttpHeaders.SET_COOKIE)).isNull();
        assertThat(response.getCookies()).isEmpty();
        assertThat(result.getRequest().getSession(false)).isNull();
    }
}
