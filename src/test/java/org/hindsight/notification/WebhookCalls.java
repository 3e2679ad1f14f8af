package org.hindsight.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hindsight.user.HindsightUser;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The API calls the webhook tests make, as a signed-in user (no password check: the timing test times the change). */
final class WebhookCalls {

    private final MockMvc mvc;
    private final JsonMapper json;

    WebhookCalls(MockMvc mvc, JsonMapper json) {
        this.mvc = mvc;
        this.json = json;
    }

    /** One call; its answer's status must be {@code expected}; answers its body as JSON (null when empty). */
    JsonNode call(HttpMethod method, String path, Object body, HindsightUser who, int expected) throws Exception {
        MockHttpServletResponse response = send(method, path, body, who);
        String text = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(response.getStatus()).as("%s %s: %s", method, path, text).isEqualTo(expected);
        return text.isEmpty() ? null : json.readTree(text);
    }

    MockHttpServletResponse send(HttpMethod method, String path, Object body, HindsightUser who) throws Exception {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(method, path).with(csrf())
                .with(user(who));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    /** A new webhook (answers its id and secret). */
    JsonNode webhook(HindsightUser admin, String name, String url, String format, List<String> events,
            List<String> severities) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("url", url);
        body.put("format", format);
        body.put("events", events);
        if (severities != null) {
            body.put("severities", severities);
        }
        return call(HttpMethod.POST, "/api/webhooks", body, admin, 201);
    }

    /** Declares an incident through the API; answers its key. */
    String declare(HindsightUser who, String title, String severity) throws Exception {
        return call(HttpMethod.POST, "/api/incidents", Map.of("title", title, "severity", severity), who, 201)
                .get("key").asString();
    }

    /** Patches an incident at its current version. */
    JsonNode patch(HindsightUser who, String key, Map<String, Object> fields) throws Exception {
        long version = call(HttpMethod.GET, "/api/incidents/" + key, null, who, 200).get("version").asLong();
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("version", version);
        return call(HttpMethod.PATCH, "/api/incidents/" + key, body, who, 200);
    }

    /** A webhook's delivery log, newest first. */
    JsonNode deliveries(HindsightUser admin, long webhookId) throws Exception {
        return call(HttpMethod.GET, "/api/webhooks/" + webhookId + "/deliveries", null, admin, 200).get("items");
    }

    JsonMapper json() {
        return json;
    }
}
