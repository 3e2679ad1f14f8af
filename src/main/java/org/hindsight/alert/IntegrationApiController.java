package org.hindsight.alert;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.hindsight.alert.IntegrationApiJson.IntegrationJson;
import org.hindsight.alert.IntegrationApiJson.IntegrationPatchJson;
import org.hindsight.alert.IntegrationApiJson.IntegrationSecretJson;
import org.hindsight.alert.IntegrationApiJson.NewIntegrationJson;
import org.hindsight.alert.IntegrationViews.IntegrationView;
import org.hindsight.alert.IntegrationViews.WithSecret;
import org.hindsight.incident.Severity;
import org.hindsight.system.ApiValidator;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.JsonPatch;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Alert integrations through the JSON API, for admins only (SecurityConfig): the secret is in the answers to
 * creating an integration and to rotating its secret, and nowhere else. Errors are problem details naming the field.
 */
@RestController
@RequestMapping("/api/integrations")
class IntegrationApiController {

    private static final String PROBLEM = "application/problem+json";
    private static final Set<String> PATCHABLE = Set.of("name", "enabled", "severityLabel", "severityMapping",
            "defaultSeverity", "serviceLabels", "groupBy", "onAllResolved", "version");

    private final IntegrationService integrations;
    private final ApiValidator validator;

    IntegrationApiController(IntegrationService integrations, ApiValidator validator) {
        this.integrations = integrations;
        this.validator = validator;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an alert integration (admins); the answer holds its secret, shown only this once")
    @ApiResponse(responseCode = "201", description = "Created; the integration with its address and secret")
    @ApiResponse(responseCode = "400", description = "A field is missing or not valid; the problem names it",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The name is taken, or a rule cannot be read; the problem"
            + " names the field",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "Only admins manage integrations",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<IntegrationSecretJson> createIntegration(@RequestBody NewIntegrationJson body) {
        validator.check(body);
        IntegrationRules rules = rules(body.severityLabel(), body.severityMapping(), body.defaultSeverity(),
                body.serviceLabels(), body.groupBy(), body.onAllResolved());
        WithSecret created = integrations.create(body.name(), body.source(), rules);
        long id = created.integration().id();
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/integrations/{id}")
                .buildAndExpand(id).toUri();
        return ResponseEntity.created(location).body(IntegrationSecretJson.of(created, baseUrl()));
    }

    @GetMapping
    @Operation(summary = "All alert integrations, by name (admins; never their secrets)")
    @ApiResponse(responseCode = "200", description = "The integrations")
    @ApiResponse(responseCode = "403", description = "Only admins manage integrations",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    List<IntegrationJson> listIntegrations() {
        String base = baseUrl();
        return integrations.list().stream().map(i -> IntegrationJson.of(i, base)).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One alert integration (admins; never its secret)")
    @ApiResponse(responseCode = "200", description = "The integration")
    @ApiResponse(responseCode = "403", description = "Only admins manage integrations",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such integration",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    IntegrationJson getIntegration(@PathVariable long id) {
        return IntegrationJson.of(integrations.get(id), baseUrl());
    }

    /** A merge patch of name, enabled and rules; {@code version} must be the one last read. */
    @PatchMapping("/{id}")
    @Operation(summary = "Change an alert integration's name, rules or enabled state (admins): a JSON merge patch"
            + " with the version last read",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = IntegrationPatchJson.class))))
    @ApiResponse(responseCode = "200", description = "Changed; the integration")
    @ApiResponse(responseCode = "400", description = "A field is unknown or not valid, or version is missing",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Changed by someone else since that version; the problem"
            + " holds the integration as it is now in 'current'",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The name is taken, or a rule cannot be read",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such integration",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    IntegrationJson patchIntegration(@PathVariable long id, @RequestBody Map<String, Object> body) {
        IntegrationView now = integrations.get(id);
        IntegrationJson current = IntegrationJson.of(now, baseUrl());
        JsonPatch patch = new JsonPatch(body, PATCHABLE);
        String name = patch.text("name", current.name(), IntegrationForms.NAME_MAX, true);
        boolean enabled = current.enabled();
        if (patch.has("enabled")) {
            if (body.get("enabled") instanceof Boolean value) {
                enabled = value;
            } else {
                patch.problem("enabled", "true or false.");
            }
        }
        String severityLabel = patch.text("severityLabel", current.severityLabel(),
                IntegrationForms.SEVERITY_LABEL_MAX, false);
        String severityMapping = patch.text("severityMapping", current.severityMapping(),
                IntegrationForms.SEVERITY_MAPPING_MAX, false);
        Severity defaultSeverity = patch.enumValue("defaultSeverity", Severity.class, current.defaultSeverity());
        // a cleared list of labels is an empty one (null would mean the default service labels)
        String serviceLabels = patch.text("serviceLabels", current.serviceLabels(), IntegrationForms.LABELS_MAX, false);
        String groupBy = patch.text("groupBy", current.groupBy(), IntegrationForms.LABELS_MAX, false);
        OnAllResolved onAllResolved = patch.enumValue("onAllResolved", OnAllResolved.class, current.onAllResolved());
        Long version = patch.version("version", true);
        patch.done();
        IntegrationRules rules = rules(severityLabel, severityMapping, defaultSeverity,
                serviceLabels == null ? "" : serviceLabels, groupBy, onAllResolved);
        try {
            return IntegrationJson.of(integrations.update(id, version, name, rules, enabled), baseUrl());
        } catch (EditConflictException e) {
            // the 409 shows the integration as GET does
            throw new EditConflictException(IntegrationJson.of((IntegrationView) e.getCurrent(), baseUrl()));
        }
    }

    @PostMapping("/{id}/secret")
    @Operation(summary = "Give an alert integration a new secret (admins): the old one stops working at once; the"
            + " answer holds the new one, shown only this once")
    @ApiResponse(responseCode = "200", description = "The integration with its new secret")
    @ApiResponse(responseCode = "403", description = "Only admins manage integrations",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such integration",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    IntegrationSecretJson rotateIntegrationSecret(@PathVariable long id) {
        return IntegrationSecretJson.of(integrations.rotateSecret(id), baseUrl());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an alert integration and the alerts it received (admins); its incidents and their"
            + " timelines stay, and its sender's notifications are answered 404")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "403", description = "Only admins manage integrations",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such integration",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    void deleteIntegration(@PathVariable long id) {
        integrations.delete(id);
    }

    /** The rules, or a 422 naming the field that cannot be read. */
    private static IntegrationRules rules(String severityLabel, String severityMapping, Severity defaultSeverity,
            String serviceLabels, String groupBy, OnAllResolved onAllResolved) {
        try {
            return IntegrationRules.parse(severityLabel, severityMapping, defaultSeverity, serviceLabels, groupBy,
                    onAllResolved);
        } catch (IntegrationRules.InvalidRule e) {
            throw new ChangeRefusedException(e.field(), e.messageCode());
        }
    }

    /** The app's address as this request reached it. */
    private static String baseUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }
}
