package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hindsight.support.ApiCalls.assertCreatedOrRefused;
import static org.hindsight.support.ApiCalls.assertNoSession;
import static org.hindsight.support.ApiCalls.expectUnauthorized;
import static org.hindsight.support.ApiCalls.obj;
import static org.hindsight.support.ApiCalls.problemNaming;
import static org.hindsight.support.TestUsers.from;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.ApiTokenService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.json.JsonMapper;

/**
 * The timeline JSON API: {@code POST/GET /api/incidents/{key}/timeline}. Scripts and monitoring log events
 * during an outage; key moment tags set the incident's summary times (never overwriting a set one unless
 * asked to), and the timeline reads back in time order.
 */
@DatabaseTest
class TimelineApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    JsonMapper json;

    @Autowired
    ApiTokenService tokens;

    ApiCalls api;

    @BeforeEach
    void callTheApi() {
        api = new ApiCalls(mvc, json, "10.32");
    }

    // ---- POST: success

    @Test
    void aResponderLogsAnEventAndGetsItBackInUtc() throws Exception {
        HindsightUser responder = users.create("tl-author", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");

        MvcResult result = mvc.perform(api.postJson(timeline(key), obj("text", "  Error rate at **40%**  ",
                        "at", "2024-05-12T11:04:00+02:00", "kind", "ALERT")).with(api.basic(responder)))
                .andExpect(status().isCreated())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(header().string(HttpHeaders.LOCATION, matchesPattern("/api/incidents/" + key + "/timeline/\\d+")))
                .andExpect(jsonPath("$.id").isNumber())
                .andExpect(jsonPath("$.at").value("2024-05-12T09:04:00Z"))
                .andExpect(jsonPath("$.author").value(responder.getUsername()))
                .andExpect(jsonPath("$.text").value("Error rate at **40%**"))
                .andExpect(jsonPath("$.kind").value("ALERT"))
                .andExpect(jsonPath("$.tags").isEmpty())
                .andExpect(jsonPath("$.summaryTimes.applied").isEmpty())
                .andExpect(jsonPath("$.summaryTimes.pending").isEmpty())
                .andExpect(jsonPath("$.summaryTimes.refused").isEmpty())
                .andReturn();
        Map<String, Object> posted = api.body(result);
        assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION)).endsWith("/" + posted.get("id"));
        assertThat(posted).containsKeys("id", "at", "author", "text", "kind", "tags", "summaryTimes");

        mvc.perform(get(timeline(key)).with(api.basic(users.create("tl-reader", Role.VIEWER))))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].id").value(posted.get("id")))
                .andExpect(jsonPath("$[0].at").value("2024-05-12T09:04:00Z"))
                .andExpect(jsonPath("$[0].author").value(responder.getUsername()))
                .andExpect(jsonPath("$[0].text").value("Error rate at **40%**"))
                .andExpect(jsonPath("$[0].kind").value("ALERT"))
                .andExpect(jsonPath("$[0].tags").isEmpty())
                .andExpect(jsonPath("$[0].deleted").value(false));
    }

    @Test
    void withoutATimeTheEventIsNowAndANote() throws Exception {
        HindsightUser responder = users.create("tl-now", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        Instant before = Instant.now().minusSeconds(1);
        MvcResult result = mvc.perform(api.postJson(timeline(key), obj("text", "Paged the DB team")).with(api.basic(responder)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("NOTE"))
                .andExpect(jsonPath("$.tags").isEmpty())
                .andExpect(jsonPath("$.at").value(endsWith("Z")))
                .andReturn();
        assertThat(Instant.parse((String) api.body(result).get("at"))).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void textOfExactlyTheLimitIsAccepted() throws Exception {
        HindsightUser responder = users.create("tl-limit", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        mvc.perform(api.postJson(timeline(key), obj("text", "e".repeat(4000))).with(api.basic(responder)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.text").value("e".repeat(4000)));
    }

    @Test
    void aMonitoringTokenLogsWithoutASession() throws Exception {
        HindsightUser bot = users.create("tl-bot", Role.RESPONDER);
        String key = incident(bot, "2024-05-12T09:00:00Z");
        String token = tokens.create(bot.getId(), "monitoring").value();
        MvcResult posted = mvc.perform(api.postJson(timeline(key), obj("text", "Alert fired", "kind", "ALERT"))
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.author").value(bot.getUsername()))
                .andReturn();
        assertNoSession(posted);
        MvcResult listed = mvc.perform(get(timeline(key)).header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                .andExpect(status().isOk()).andReturn();
        assertNoSession(listed);
        assertNoSession(mvc.perform(get(timeline(key)).with(api.basic(bot))).andExpect(status().isOk()).andReturn());
    }

    // ---- key moments

    @Test
    void aMitigatedTagSetsMitigatedAtOnceAndLaterOnesWaitForConfirmation() throws Exception {
        HindsightUser responder = users.create("tl-mitigated", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");

        mvc.perform(api.postJson(timeline(key), obj("text", "Rolled back", "at", "2024-05-12T11:30:00+02:00",
                        "kind", "ACTION", "tags", List.of("MITIGATED"))).with(api.basic(responder)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.tags[0]").value("MITIGATED"))
                .andExpect(jsonPath("$.summaryTimes.applied[0]").value("MITIGATED"))
                .andExpect(jsonPath("$.summaryTimes.pending").isEmpty())
                .andExpect(jsonPath("$.summaryTimes.refused").isEmpty());
        mvc.perform(get("/api/incidents/" + key).with(api.basic(responder)))
                .andExpect(jsonPath("$.mitigatedAt").value("2024-05-12T09:30:00Z"))
                .andExpect(jsonPath("$.durations.toMitigateSeconds").value(1800));

        // a second MITIGATED at another time does not move it, and says so
        mvc.perform(api.postJson(timeline(key), obj("text", "Really mitigated now", "at", "2024-05-12T09:45:00Z",
                        "tags", List.of("MITIGATED"))).with(api.basic(responder)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.tags[0]").value("MITIGATED"))
                .andExpect(jsonPath("$.summaryTimes.applied").isEmpty())
                .andExpect(jsonPath("$.summaryTimes.refused").isEmpty())
                .andExpect(jsonPath("$.summaryTimes.pending.length()").value(1))
                .andExpect(jsonPath("$.summaryTimes.pending[0].time").value("MITIGATED"))
                .andExpect(jsonPath("$.summaryTimes.pending[0].current").value("2024-05-12T09:30:00Z"))
                .andExpect(jsonPath("$.summaryTimes.pending[0].proposed").value("2024-05-12T09:45:00Z"));
        mvc.perform(get("/api/incidents/" + key).with(api.basic(responder)))
                .andExpect(jsonPath("$.mitigatedAt").value("2024-05-12T09:30:00Z"))
                .andExpect(jsonPath("$.durations.toMitigateSeconds").value(1800));

        // replaceSummaryTimes: true moves it
        mvc.perform(api.postJson(timeline(key), obj("text", "Mitigation confirmed", "at", "2024-05-12T09:50:00Z",
                        "tags", List.of("MITIGATED"), "replaceSummaryTimes", true)).with(api.basic(responder)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.summaryTimes.applied[0]").value("MITIGATED"))
                .andExpect(jsonPath("$.summaryTimes.pending").isEmpty());
        mvc.perform(get("/api/incidents/" + key).with(api.basic(responder)))
                .andExpect(jsonPath("$.mitigatedAt").value("2024-05-12T09:50:00Z"))
                .andExpect(jsonPath("$.durations.toMitigateSeconds").value(3000));

        // the same time again changes nothing and is not pending
        mvc.perform(api.postJson(timeline(key), obj("text", "Same moment", "at", "2024-05-12T09:50:00Z",
                        "tags", List.of("MITIGATED"))).with(api.basic(responder)))
                .andExpect(jsonPath("$.summaryTimes.applied").isEmpty())
                .andExpect(jsonPath("$.summaryTimes.pending").isEmpty())
                .andExpect(jsonPath("$.summaryTimes.refused").isEmpty());
    }

    @Test
    void detectionAndEndTagsSetTheirTimesAndDurations() throws Exception {
        HindsightUser responder = users.create("tl-moments", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        mvc.perform(api.postJson(timeline(key), obj("text", "Customers report errors", "at", "2024-05-12T09:07:00Z",
                        "tags", List.of("IMPACT_DETECTED"))).with(api.basic(responder)))
                .andExpect(jsonPath("$.summaryTimes.applied[0]").value("DETECTED"));
        mvc.perform(api.postJson(timeline(key), obj("text", "Fixed and verified", "at", "2024-05-12T10:00:00Z",
                        "tags", List.of("MITIGATED", "END"))).with(api.basic(responder)))
                .andExpect(jsonPath("$.tags.length()").value(2))
                .andExpect(jsonPath("$.summaryTimes.applied.length()").value(2));
        mvc.perform(get("/api/incidents/" + key).with(api.basic(responder)))
                .andExpect(jsonPath("$.detectedAt").value("2024-05-12T09:07:00Z"))
                .andExpect(jsonPath("$.mitigatedAt").value("2024-05-12T10:00:00Z"))
                .andExpect(jsonPath("$.resolvedAt").value("2024-05-12T10:00:00Z"))
                .andExpect(jsonPath("$.durations.toDetectSeconds").value(420))
                .andExpect(jsonPath("$.durations.toMitigateSeconds").value(3600))
                .andExpect(jsonPath("$.durations.toResolveSeconds").value(3600));
    }

    @Test
    void aKeyMomentThatWouldBreakTheTimeOrderIsRefusedButTheEventIsLogged() throws Exception {
        HindsightUser responder = users.create("tl-refused", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        MvcResult result = mvc.perform(api.postJson(timeline(key), obj("text", "Mitigated before it started?",
                        "at", "2024-05-12T08:00:00Z", "tags", List.of("MITIGATED"))).with(api.basic(responder)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.summaryTimes.applied").isEmpty())
                .andExpect(jsonPath("$.summaryTimes.refused[0]").value("MITIGATED"))
                .andReturn();
        mvc.perform(get("/api/incidents/" + key).with(api.basic(responder)))
                .andExpect(jsonPath("$.mitigatedAt").value(nullValue()))
                .andExpect(jsonPath("$.durations.toMitigateSeconds").value(nullValue()));
        mvc.perform(get(timeline(key)).with(api.basic(responder)))
                .andExpect(jsonPath("$[0].id").value(api.body(result).get("id")));

        // an END before the mitigation is refused as well, even when replacing is asked for
        mvc.perform(api.postJson(timeline(key), obj("text", "Mitigated", "at", "2024-05-12T10:00:00Z",
                "tags", List.of("MITIGATED"))).with(api.basic(responder))).andExpect(status().isCreated());
        mvc.perform(api.postJson(timeline(key), obj("text", "Over?", "at", "2024-05-12T09:30:00Z",
                        "tags", List.of("END"), "replaceSummaryTimes", true)).with(api.basic(responder)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.summaryTimes.refused[0]").value("RESOLVED"));
        mvc.perform(get("/api/incidents/" + key).with(api.basic(responder)))
                .andExpect(jsonPath("$.resolvedAt").value(nullValue()));
    }

    @Test
    void aStartTagMovesTheStartOnlyWhenReplacing() throws Exception {
        HindsightUser responder = users.create("tl-start", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        mvc.perform(api.postJson(timeline(key), obj("text", "Deploy went out", "at", "2024-05-12T08:50:00Z",
                        "tags", List.of("START"))).with(api.basic(responder)))
                .andExpect(jsonPath("$.summaryTimes.pending[0].time").value("STARTED"))
                .andExpect(jsonPath("$.summaryTimes.pending[0].current").value("2024-05-12T09:00:00Z"));
        mvc.perform(get("/api/incidents/" + key).with(api.basic(responder)))
                .andExpect(jsonPath("$.startedAt").value("2024-05-12T09:00:00Z"));
        mvc.perform(api.postJson(timeline(key), obj("text", "Deploy went out (confirmed)", "at", "2024-05-12T08:50:00Z",
                        "tags", List.of("START"), "replaceSummaryTimes", true)).with(api.basic(responder)))
                .andExpect(jsonPath("$.summaryTimes.applied[0]").value("STARTED"));
        mvc.perform(get("/api/incidents/" + key).with(api.basic(responder)))
                .andExpect(jsonPath("$.startedAt").value("2024-05-12T08:50:00Z"));
    }

    // ---- GET: time order

    @Test
    void theTimelineReadsInTimeOrderWhateverTheOrderOfPosting() throws Exception {
        HindsightUser responder = users.create("tl-order", Role.RESPONDER);
        HindsightUser other = users.create("tl-order-2", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        log(key, responder, obj("text", "third", "at", "2024-05-12T10:00:00Z"));
        log(key, other, obj("text", "first", "at", "2024-05-12T11:00:00+02:00"));
        log(key, responder, obj("text", "fourth", "at", "2024-05-12T10:00:01Z"));
        log(key, other, obj("text", "second", "at", "2024-05-12T04:30:00-05:00"));

        mvc.perform(get(timeline(key)).with(api.basic(users.create("tl-order-viewer", Role.VIEWER))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(4))
                .andExpect(jsonPath("$[0].text").value("first"))
                .andExpect(jsonPath("$[0].at").value("2024-05-12T09:00:00Z"))
                .andExpect(jsonPath("$[0].author").value(other.getUsername()))
                .andExpect(jsonPath("$[1].text").value("second"))
                .andExpect(jsonPath("$[1].at").value("2024-05-12T09:30:00Z"))
                .andExpect(jsonPath("$[2].text").value("third"))
                .andExpect(jsonPath("$[3].text").value("fourth"))
                .andExpect(jsonPath("$[3].at").value("2024-05-12T10:00:01Z"));
    }

    @Test
    void statusChangesAppearOnTheTimelineAtTheirTime() throws Exception {
        HindsightUser manager = users.create("tl-status", Role.MANAGER);
        String key = incident(manager, "2024-05-12T09:00:00Z");
        log(key, manager, obj("text", "Early note", "at", "2024-05-12T09:01:00Z"));
        long version = ((Number) api.body(mvc.perform(get("/api/incidents/" + key).with(api.basic(manager))).andReturn())
                .get("version")).longValue();
        mvc.perform(api.patchJson("/api/incidents/" + key, obj("status", "MONITORING", "version", version)).with(api.basic(manager)))
                .andExpect(status().isOk());
        mvc.perform(get(timeline(key)).with(api.basic(manager)))
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].text").value("Early note"))
                .andExpect(jsonPath("$[1].text").value("Status changed: **Investigating** → **Monitoring**"))
                .andExpect(jsonPath("$[1].author").value(manager.getUsername()))
                .andExpect(jsonPath("$[1].at").value(endsWith("Z")));
    }

    // ---- 400

    static Stream<Arguments> invalidEvents() {
        return Stream.of(
                Arguments.of("missing text", "{\"kind\":\"NOTE\"}", "text"),
                Arguments.of("null text", "{\"text\":null}", "text"),
                Arguments.of("empty text", "{\"text\":\"\"}", "text"),
                Arguments.of("blank text", "{\"text\":\" \\n\\t \"}", "text"),
                Arguments.of("text over 4,000", "{\"text\":\"" + "e".repeat(4001) + "\"}", "text"),
                Arguments.of("text of the wrong type", "{\"text\":[\"a\",\"b\"]}", "text"),
                Arguments.of("at not a time", "{\"text\":\"x\",\"at\":\"yesterday\"}", "at"),
                Arguments.of("at a time of day only", "{\"text\":\"x\",\"at\":\"09:30\"}", "at"),
                Arguments.of("at without offset", "{\"text\":\"x\",\"at\":\"2024-05-12T09:30:00\"}", "at"),
                Arguments.of("at impossible date", "{\"text\":\"x\",\"at\":\"2024-13-01T09:30:00Z\"}", "at"),
                Arguments.of("at of the wrong type", "{\"text\":\"x\",\"at\":{\"time\":\"09:30\"}}", "at"),
                Arguments.of("unknown kind", "{\"text\":\"x\",\"kind\":\"RUMOUR\"}", "kind"),
                Arguments.of("unknown tag", "{\"text\":\"x\",\"tags\":[\"MITIGATED\",\"FIXED\"]}", "tags[1]"),
                Arguments.of("tags not a list", "{\"text\":\"x\",\"tags\":\"MITIGATED\"}", "tags"),
                Arguments.of("null tag", "{\"text\":\"x\",\"tags\":[null]}", "tags[0]"),
                Arguments.of("replaceSummaryTimes not a boolean", "{\"text\":\"x\",\"replaceSummaryTimes\":\"maybe\"}",
                        "replaceSummaryTimes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void anInvalidEventIs400NamingTheFieldAndLogsNothing(String what, String body, String field) throws Exception {
        HindsightUser responder = users.create("tl-invalid", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        mvc.perform(post(timeline(key)).with(api.basic(responder)).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(problemNaming(field));
        mvc.perform(get(timeline(key)).with(api.basic(responder))).andExpect(jsonPath("$").isEmpty());
    }

    @Test
    void malformedJsonIs400ProblemDetails() throws Exception {
        HindsightUser responder = users.create("tl-malformed", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        for (String body : List.of("{\"text\": \"unterminated", "{text: 'single quotes'}", "", "[]")) {
            mvc.perform(post(timeline(key)).with(api.basic(responder)).contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(400));
        }
        mvc.perform(get(timeline(key)).with(api.basic(responder))).andExpect(jsonPath("$").isEmpty());
    }

    // ---- 401, 403, 404

    @Test
    void withoutValidCredentialsTheTimelineIs401() throws Exception {
        HindsightUser responder = users.create("tl-401", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        expectUnauthorized(mvc.perform(get(timeline(key))));
        expectUnauthorized(mvc.perform(api.postJson(timeline(key), obj("text", "anonymous"))));
        expectUnauthorized(mvc.perform(get(timeline(key)).header(HttpHeaders.AUTHORIZATION, "Bearer hs_forged")));
        expectUnauthorized(mvc.perform(api.postJson(timeline(key), obj("text", "forged"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer hs_forged")));
        expectUnauthorized(mvc.perform(api.postJson(timeline(key), obj("text", "wrong password"))
                .with(httpBasic(responder.getUsername(), "not-the-password")).with(from(api.nextAddress()))));
        mvc.perform(get(timeline(key)).with(api.basic(responder))).andExpect(jsonPath("$").isEmpty());
    }

    @Test
    void aViewerReadsTheTimelineButCannotLog() throws Exception {
        HindsightUser responder = users.create("tl-403-owner", Role.RESPONDER);
        HindsightUser viewer = users.create("tl-403", Role.VIEWER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        log(key, responder, obj("text", "visible", "at", "2024-05-12T09:10:00Z"));
        mvc.perform(api.postJson(timeline(key), obj("text", "I only watch")).with(api.basic(viewer)))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(403));
        mvc.perform(api.postJson(timeline(key), obj("text", "", "kind", "RUMOUR")).with(api.basic(viewer)))
                .andExpect(status().isForbidden());
        mvc.perform(get(timeline(key)).with(api.basic(viewer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].text").value("visible"));
    }

    @Test
    void unknownAndMalformedIncidentsAre404() throws Exception {
        HindsightUser responder = users.create("tl-404", Role.RESPONDER);
        for (String key : List.of("INC-999999999", "nope", "INC-1x")) {
            mvc.perform(get(timeline(key)).with(api.basic(responder)))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(404));
            mvc.perform(api.postJson(timeline(key), obj("text", "lost")).with(api.basic(responder)))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }

    @Test
    void loggingAnEventLeavesAResponderOutsideTheIncidentUntilTheyJoin() throws Exception {
        HindsightUser declarer = users.create("tl-declarer", Role.RESPONDER);
        HindsightUser helper = users.create("tl-helper", Role.RESPONDER);
        String key = incident(declarer, "2024-05-12T09:00:00Z");

        mvc.perform(api.patchJson("/api/incidents/" + key, obj("title", "Not yet mine", "version", version(key, declarer)))
                        .with(api.basic(helper)))
                .andExpect(status().isForbidden());

        // any responder may log on any incident, and stays outside it
        mvc.perform(api.postJson(timeline(key), obj("text", "Looking at the DB")).with(api.basic(helper)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.author").value(helper.getUsername()));
        mvc.perform(get("/api/incidents/" + key).with(api.basic(helper)))
                .andExpect(jsonPath("$.responders", not(hasItem(helper.getUsername()))));
        mvc.perform(api.patchJson("/api/incidents/" + key, obj("title", "Still not mine", "version", version(key, declarer)))
                        .with(api.basic(helper)))
                .andExpect(status().isForbidden());

        // joining makes them one of its responders
        mvc.perform(post("/api/incidents/" + key + "/responders").with(api.basic(helper)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.responders", hasItem(helper.getUsername())));
        mvc.perform(api.patchJson("/api/incidents/" + key, obj("title", "Now I help", "version", version(key, declarer)))
                        .with(api.basic(helper)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("Now I help"));
    }

    // ---- bugs found

    @Test
    void theLocationOfANewEventCanBeRead() throws Exception {
        HindsightUser responder = users.create("tl-location", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        MvcResult created = mvc.perform(api.postJson(timeline(key), obj("text", "Where am I?", "at", "2024-05-12T09:10:00Z"))
                        .with(api.basic(responder)))
                .andExpect(status().isCreated()).andReturn();
        // Regression (was a bug): TimelineApiController#post answers Location: /api/incidents/{key}/timeline/{id}, but no endpoint
        // serves that path: GET on it is 404 "No such API path". Either serve GET .../timeline/{id} or send no
        // Location (a 201's Location must identify the created resource).
        mvc.perform(get(created.getResponse().getHeader(HttpHeaders.LOCATION)).with(api.basic(responder)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(api.body(created).get("id")))
                .andExpect(jsonPath("$.text").value("Where am I?"));
    }

    @Test
    void theEventPostAnswersIsTheEventGetReads() throws Exception {
        HindsightUser responder = users.create("tl-same", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        Map<String, Object> posted = api.body(mvc.perform(api.postJson(timeline(key), obj("text", "Logged now",
                        "at", "2024-05-12T09:10:00.123456789Z")).with(api.basic(responder)))
                .andExpect(status().isCreated()).andReturn());
        Map<String, Object> listed = firstEvent(key, responder);
        // Regression (was a bug): POST echoes the time as sent, to the nanosecond ("...00.123456789Z"); the database keeps
        // microseconds, so GET reads "...00.123456Z" for the same event. The same happens when "at" is left out
        // (the clock has nanoseconds). TimelineService#post builds the answer from the unsaved value.
        assertThat(listed.get("at")).as("at").isEqualTo(posted.get("at"));
        assertThat(listed.get("id")).isEqualTo(posted.get("id"));
        assertThat(listed.get("text")).isEqualTo(posted.get("text"));
    }

    @Test
    void aNumberIsNotAKindOrAKeyMoment() throws Exception {
        HindsightUser responder = users.create("tl-enum-number", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        // Regression (was a bug): Jackson accepts a JSON number for an enum as its index: {"kind": 1} is logged as ALERT and
        // {"tags": [4]} as MITIGATED (setting the incident's mitigatedAt). A number is the wrong JSON type: 400.
        mvc.perform(post(timeline(key)).with(api.basic(responder)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"numbered\",\"at\":\"2024-05-12T09:10:00Z\",\"tags\":[4]}"))
                .andExpect(status().isBadRequest())
                .andExpect(problemNaming("tags[0]"));
        mvc.perform(post(timeline(key)).with(api.basic(responder)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"numbered\",\"kind\":1}"))
                .andExpect(status().isBadRequest())
                .andExpect(problemNaming("kind"));
    }

    @Test
    void textTheDatabaseCannotStoreIsRefusedNotA500() throws Exception {
        HindsightUser responder = users.create("tl-nul", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        // BUG (PostgreSQL only): a NUL character in the text ("a\u0000b") is 201 on H2 but a 500 on PostgreSQL
        // (DataIntegrityViolationException: invalid byte sequence for encoding "UTF8": 0x00). Refuse it (400
        // naming text) or strip it, on every database alike.
        MockHttpServletResponse response = api.send(api.postJson(timeline(key), obj("text", "before\u0000after"))
                .with(api.basic(responder)));
        assertCreatedOrRefused(response, "text");
    }

    @Test
    void aTimeTheDatabaseCannotStoreIsRefusedNotA500() throws Exception {
        HindsightUser responder = users.create("tl-far", Role.RESPONDER);
        String key = incident(responder, "2024-05-12T09:00:00Z");
        // BUG (PostgreSQL only): a valid ISO-8601 time past PostgreSQL's range, e.g. "+300000-01-01T00:00:00Z",
        // is 201 on H2 and a 500 on PostgreSQL ("timestamp out of range"). Refuse it with 400 naming "at".
        MockHttpServletResponse response = api.send(api.postJson(timeline(key), obj("text", "far future",
                "at", "+300000-01-01T00:00:00Z")).with(api.basic(responder)));
        assertCreatedOrRefused(response, "at");
    }

    // ---- helpers

    private static String timeline(String key) {
        return "/api/incidents/" + key + "/timeline";
    }

    private String incident(HindsightUser declarer, String startedAt) throws Exception {
        return api.createIncident(declarer, obj("title", TestUsers.unique("Timeline test"), "severity", "SEV2",
                "startedAt", startedAt));
    }

    private void log(String key, HindsightUser by, Map<String, Object> event) throws Exception {
        mvc.perform(api.postJson(timeline(key), event).with(api.basic(by))).andExpect(status().isCreated());
    }

    private long version(String key, HindsightUser by) throws Exception {
        return ((Number) api.body(mvc.perform(get("/api/incidents/" + key).with(api.basic(by))).andReturn()).get("version"))
                .longValue();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> firstEvent(String key, HindsightUser by) throws Exception {
        List<Map<String, Object>> events = json.readValue(mvc.perform(get(timeline(key)).with(api.basic(by)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(), List.class);
        assertThat(events).isNotEmpty();
        return events.get(0);
    }
}
