package org.hindsight.alert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

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
@SecurityScheme(name = AlertIntakeController.SECRET_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The integration's secret (hsa_…), shown once when an admin creates the integration")
class AlertIntakeController {

    static final String SECRET_SCHEME = "integrationSecret";

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
    @Operation(operationId = "receiveAlertNotification", summary = AlertIntakeApiDoc.SUMMARY,
            description = AlertIntakeApiDoc.DESCRIPTION, security = @SecurityRequirement(name = SECRET_SCHEME),
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "A notification in the shape of the integration's source (at most 1 MB)",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = {
                        @ExampleObject(name = "alertmanager", summary = "ALERTMANAGER: Alertmanager's webhook",
                                value = AlertIntakeApiDoc.ALERTMANAGER_EXAMPLE),
                        @ExampleObject(name = "grafana", summary = "GRAFANA: Grafana's webhook contact point",
                                value = AlertIntakeApiDoc.GRAFANA_EXAMPLE),
                        @ExampleObject(name = "generic", summary = "GENERIC: one alert",
                                value = AlertIntakeApiDoc.GENERIC_EXAMPLE),
                        @ExampleObject(name = "genericArray", summary = "GENERIC: an array; end_time is recovery",
                                value = AlertIntakeApiDoc.GENERIC_RECOVERY_EXAMPLE)})))
    @ApiResponse(responseCode = "200", description = "Taken in: how many alerts it held, how many were new, repeats"
            + " (duplicate) and resolutions, and the keys of the incidents it declared",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(value = AlertIntakeApiDoc.ANSWER_EXAMPLE)))
    @ApiResponse(responseCode = "400", description = "The body is not JSON, or empty (problem details)")
    @ApiResponse(responseCode = "401", description = "No secret or a wrong one (problem details, WWW-Authenticate)")
    @ApiResponse(responseCode = "403", description = "The integration is disabled (problem details)")
    @ApiResponse(responseCode = "404", description = "No integration with this id (problem details)")
    @ApiResponse(responseCode = "413", description = "The body is over 1 MB (problem details)")
    @ApiResponse(responseCode = "422", description = "JSON, but not the source's shape: problem details naming the"
            + " field, e.g. alerts[3].startsAt")
    ResponseEntity<?> receive(@Parameter(description = "The integration's id") @PathVariable String id,
            HttpServletRequest request) throws IOException {
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
                metrics.rejected(integrations.find(integrationId).getName(), 0);
                return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hindsight alerts\"")
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                                "Send the integration's secret as Authorization: Bearer <secret>."));
            }
            case DISABLED -> {
                metrics.rejected(integrations.find(integrationId).getName(), 0);
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
        String text;
        try {
            // strictly UTF-8 (RFC 8259), as every sender writes it: what is stored is what was received
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            metrics.rejected(integration.getName(), 0);
            return problem(HttpStatus.BAD_REQUEST, "The body is not UTF-8 text.", null);
        }
        JsonNode tree;
        try {
            tree = json.readTree(text);
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
            metrics.rejected(integration.getName(), alertsIn(tree));
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage(), e.field());
        }
        AlertIntake.Outcome outcome = intake.receive(integration, text, alerts);
        return ResponseEntity.ok(Map.of("alerts", alerts.size(), "new", outcome.created(),
                "duplicate", outcome.duplicates(), "resolved", outcome.resolved(), "declared", outcome.declared()));
    }

    /** How many alerts a notification that was refused held, as far as its shape tells. */
    private static int alertsIn(JsonNode tree) {
        JsonNode alerts = tree.get("alerts");
        if (alerts != null && alerts.isArray()) {
            return alerts.size();
        }
        return tree.isArray() ? tree.size() : tree.isObject() && alerts == null ? 1 : 0;
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
