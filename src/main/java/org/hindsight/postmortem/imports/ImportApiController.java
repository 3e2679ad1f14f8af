package org.hindsight.postmortem.imports;

import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;

import org.hindsight.incident.Severity;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/imports}: a Markdown postmortem in the body ({@code text/markdown} or {@code text/plain},
 * UTF-8, at most 1 MB) becomes an incident: 201 with its location and the import report. With
 * {@code dryRun=true} the answer is what was understood, and nothing is saved.
 */
@RestController
@RequestMapping("/api/imports")
class ImportApiController {

    private static final int MAX = ImportText.MAX_BYTES;
    private static final List<String> TYPES = List.of("text/markdown", "text/x-markdown", "text/plain");

    private final ImportService imports;
    private final MessageSource messages;

    ImportApiController(ImportService imports, MessageSource messages) {
        this.imports = imports;
        this.messages = messages;
    }

    @PostMapping
    @Operation(summary = "Import a Markdown postmortem as a new incident (dryRun: only answer what was understood)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "text/markdown", schema = @Schema(type = "string", maxLength = MAX)),
                    @Content(mediaType = "text/plain", schema = @Schema(type = "string", maxLength = MAX))}))
    ResponseEntity<Object> importPostmortem(@CurrentUser HindsightUser me, HttpServletRequest request,
            @RequestParam(required = false) String zone, @RequestParam(required = false) String date,
            @RequestParam(required = false) String title, @RequestParam(required = false) Severity severity,
            @RequestParam(defaultValue = "false") boolean dryRun) throws IOException {
        checkType(request.getContentType());
        ZoneId givenZone = ImportRequest.zone(zone);
        LocalDate givenDate = ImportRequest.date(date);
        String text = ImportText.read(request.getInputStream(), request.getContentLengthLong(), "body");
        ImportedPostmortem parsed = ImportRequest.parse(text, givenZone, givenDate, title, severity);
        if (dryRun) {
            if (!parsed.understoodAnything()) {
                throw new ImportRefusedException(422, "body", "import.nothingUnderstood");
            }
            return ResponseEntity.ok(ImportJson.preview(parsed, messages));
        }
        ImportService.Imported imported = imports.create(me, parsed);
        return ResponseEntity.created(URI.create("/api/incidents/" + imported.key()))
                .body(ImportJson.report(parsed, imported, messages));
    }

    private static void checkType(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            type = null;
        }
        boolean text = type != null && TYPES.contains(type.getType() + "/" + type.getSubtype().toLowerCase(Locale.ROOT));
        String charset = type == null ? null : type.getParameter("charset");
        if (!text || (charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")
                && !charset.replace("\"", "").equalsIgnoreCase("us-ascii"))) {
            throw new ImportRefusedException(415, "Content-Type", "import.api.contentType");
        }
    }

    @ExceptionHandler(ImportRefusedException.class)
    ResponseEntity<ProblemDetail> refused(ImportRefusedException e) {
        String message = messages.getMessage(e.messageCode(), new Object[] {ImportText.MAX_BYTES / 1024 / 1024},
                e.messageCode(), LocaleContextHolder.getLocale());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.status()), message);
        problem.setProperty("field", e.field());
        problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", message)));
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
