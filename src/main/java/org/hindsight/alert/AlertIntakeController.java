package org.hindsight.alert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.hindsight.alert.IntegrationService.Access;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where senders post: {@code POST /hooks/alerts/{id}} with {@code Authorization: Bearer <secret>}. Unknown
 * integration 404, missing or wrong secret 401, disabled 403, body over 1 MB 413, malformed JSON 400, JSON that is
 * not the source's shape 422 naming the field; all {@code application/problem+json}, and nothing written. Accepted
 * notifications answer 200 with what they did.
 */
@RestController
class AlertIntakeController {

    static final int MAX_BODY = 1_048_576;

    private final IntegrationService integrations;
    private final AlertIntake intake;
    private final AlertMetrics metrics;
    private final JsonMapper json;
    private final java.time.Clock clock;

    AlertIntakeController(IntegrationService integrations, AlertIntake intake, AlertMetrics metrics, JsonMapper json,
            java.time.Clock clock) {
        this.integrations = integrations;
        this.intake = intake;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = "/hooks/alerts/{id}")
    ResponseEntity<?> receive(@PathVariable String id, HttpServletRequest request) throws IOException {
        long integrationId;
        try {
            integrationId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return problem(HttpStatus.NOT_FOUND, "No integration " + id + ".", null);
        }
        Access access = integrations.check(integrationId, bearer(request.getHeader(HttpHeaders.AUTHORIZATION)));
        switch (access) {
            case UNKNOWN_INTEGRATION -> {
                return problem(HttpStatus.NOT_FOUND, "No integration " + integrationId + ".", null);
            }
            case WRONG_SECRET -> {
                return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hindsight alerts\"")
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                                "Send the integration's secret as Authorization: Bearer <secret>."));
            }
            case DISABLED -> {
                return problem(HttpStatus.FORBIDDEN, "This integration is disabled.", null);
            }
            case ALLOWED -> {
                // go on
            }
        }
        Integration integration = integrations.find(integrationId);
        if (request.getContentLengthLong() > MAX_BODY) {
            metrics.rejected(integration.getName(), 0);
            return problem(HttpStatus.CONTENT_TOO_LARGE, "A notification is at most 1 MB.", null);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            metrics.rejected(integration.getName(), 0);
            return problem(HttpStatus.CONTENT_TOO_LARGE, "A notification is at most 1 MB.", null);
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            metrics.rejected(integration.getName(), 0);
            return problem(HttpStatus.BAD_REQUEST, "The body is not JSON: " + e.getOriginalMessage(), null);
        }
        if (tree == null || tree.isMissingNode()) {
            metrics.rejected(integration.getName(), 0);
            return problem(HttpStatus.BAD_REQUEST, "The body is empty.", null);
        }
        List<IncomingAlert> alerts;
        try {
            alerts = AlertPayloads.read(integration.getSource(), tree, clock.instant());
        } catch (PayloadShapeException e) {
            metrics.rejected(integration.getName(), 0);
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage(), e.field());
        }
        AlertIntake.Outcome outcome = intake.receive(integration, new String(body, StandardCharsets.UTF_8), alerts);
        return ResponseEntity.ok(Map.of("alerts", alerts.size(), "new", outcome.created(),
                "duplicate", outcome.duplicates(), "resolved", outcome.resolved(), "declared", outcome.declared()));
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).strip();
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (field != null) {
            problem.setProperty("field", field);
            problem.setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
