package org.hindsight.notification;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.hindsight.notification.WebhookApiJson.NewWebhookJson;
import org.hindsight.notification.WebhookApiJson.WebhookJson;
import org.hindsight.notification.WebhookApiJson.WebhookPatchJson;
import org.hindsight.notification.WebhookApiJson.WebhookSecretJson;
import org.hindsight.notification.WebhookViews.DeliveryPage;
import org.hindsight.notification.WebhookViews.DeliveryView;
import org.hindsight.notification.WebhookViews.WebhookView;
import org.hindsight.system.ApiValidationException;
import org.hindsight.system.ApiValidationException.FieldProblem;
import org.hindsight.system.ApiValidator;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.JsonPatch;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Webhooks through the JSON API, for admins only (SecurityConfig): the secret is in the answer to the creation and
 * nowhere else. Settings that cannot be used (an address that is not http or https, an unknown format, event or
 * severity) are a 400 naming the field; a name already taken is a 422.
 */
@RestController
@RequestMapping("/api/webhooks")
class WebhookApiController {

    private static final String PROBLEM = "application/problem+json";
    private static final Set<String> PATCHABLE = Set.of("name", "url", "format", "events", "severities", "enabled",
            "version");

    private final WebhookService webhooks;
    private final ApiValidator validator;
    private final MessageSource messages;

    WebhookApiController(WebhookService webhooks, ApiValidator validator, MessageSource messages) {
        this.webhooks = webhooks;
        this.validator = validator;
        this.messages = messages;
    }

    @PostMapping
    @Operation(summary = "Create a webhook (admins); the answer holds its secret, shown only this once")
    @ApiResponse(responseCode = "201", description = "Created; the webhook with its secret")
    @ApiResponse(responseCode = "400", description = "A field is missing or not valid (url not http or https, an"
            + " unknown format, event or severity); the problem names it",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The name is taken",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "Only admins manage webhooks",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<WebhookSecretJson> createWebhook(@RequestBody NewWebhookJson body) {
        validator.check(body);
        WebhookSettings settings = settings(body.name(), body.url(), body.format(), body.events(), body.severities());
        WebhookViews.WithSecret created = webhooks.create(settings);
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/webhooks/{id}")
                .buildAndExpand(created.webhook().id()).toUri();
        return ResponseEntity.created(location).body(WebhookSecretJson.of(created));
    }

    @GetMapping
    @Operation(summary = "All webhooks, by name (admins; never their secrets)")
    @ApiResponse(responseCode = "200", description = "The webhooks")
    List<WebhookJson> listWebhooks() {
        return webhooks.list().stream().map(WebhookJson::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One webhook (admins; never its secret)")
    @ApiResponse(responseCode = "200", description = "The webhook")
    @ApiResponse(responseCode = "404", description = "No such webhook",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    WebhookJson getWebhook(@PathVariable long id) {
        return WebhookJson.of(webhooks.get(id));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a webhook (admins): a JSON merge patch with the version last read",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = WebhookPatchJson.class))))
    @ApiResponse(responseCode = "200", description = "Changed; the webhook")
    @ApiResponse(responseCode = "400", description = "A field is unknown or not valid, or version is missing",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Changed by someone else since that version; 'current' holds it",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The name is taken",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such webhook",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    WebhookJson patchWebhook(@PathVariable long id, @RequestBody Map<String, Object> body) {
        WebhookJson current = WebhookJson.of(webhooks.get(id));
        JsonPatch patch = new JsonPatch(body, PATCHABLE);
        String name = patch.text("name", current.name(), WebhookSettings.NAME_MAX, true);
        String url = patch.text("url", current.url(), WebhookSettings.URL_MAX, true);
        String format = patch.text("format", current.format().name(), 32, true);
        List<String> events = names(patch, body, "events", current.events());
        List<String> severities = names(patch, body, "severities", current.severities());
        boolean enabled = current.enabled();
        if (patch.has("enabled")) {
            if (body.get("enabled") instanceof Boolean value) {
                enabled = value;
            } else {
                patch.problem("enabled", "true or false.");
            }
        }
        Long version = patch.version("version", true);
        patch.done();
        WebhookSettings settings = settings(name, url, format, events, severities);
        try {
            return WebhookJson.of(webhooks.update(id, version, settings, enabled));
        } catch (EditConflictException e) {
            throw new EditConflictException(WebhookJson.of((WebhookView) e.getCurrent()));
        }
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a webhook and its delivery log (admins); what was pending is not sent")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such webhook",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    void deleteWebhook(@PathVariable long id) {
        webhooks.delete(id);
    }

    @PostMapping("/{id}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send the webhook a test message (admins): recorded now, sent right after like any other"
            + " message; follow it in the deliveries")
    @ApiResponse(responseCode = "202", description = "The test message's delivery, pending")
    @ApiResponse(responseCode = "404", description = "No such webhook",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    DeliveryView testWebhook(@PathVariable long id) {
        return webhooks.sendTest(id);
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "A webhook's delivery log, newest first (admins): each message's event, time, attempts,"
            + " last HTTP status or error, next attempt, and every attempt")
    @ApiResponse(responseCode = "200", description = "{items, page, size, total}")
    @ApiResponse(responseCode = "404", description = "No such webhook",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    DeliveryPage webhookDeliveries(@PathVariable long id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return webhooks.deliveries(id, page, size);
    }

    // ---- helpers

    /** Settings checked, or a 400 naming each field that cannot be used. */
    private WebhookSettings settings(String name, String url, String format, List<String> events,
            List<String> severities) {
        try {
            return webhooks.settings(name, url, format, events, severities);
        } catch (WebhookSettings.Invalid e) {
            Locale locale = LocaleContextHolder.getLocale();
            throw new ApiValidationException(e.problems().stream().map(p -> new FieldProblem(p.field(),
                    messages.getMessage(p.code(), p.args(), p.code(), locale))).toList());
        }
    }

    /** A list of names from a merge patch (null clears it), or the current one; anything else is a problem. */
    private static List<String> names(JsonPatch patch, Map<String, Object> body, String field,
            List<? extends Enum<?>> current) {
        if (!patch.has(field)) {
            return current.stream().map(Enum::name).toList();
        }
        Object value = body.get(field);
        if (value == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            list.forEach(item -> names.add((String) item));
        } else {
            patch.problem(field, "A list of names.");
        }
        return names;
    }
}
