package org.hindsight.postmortem.export;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import org.hindsight.postmortem.ExportOptions;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The postmortem for scripts: {@code GET /api/incidents/{key}/postmortem.md|.pdf?zone=&clock=&template=&fullHistory=}.
 */
@RestController
@RequestMapping("/api/incidents/{key}")
class PostmortemApiController {

    static final String ZONE = "An IANA time zone id for every time in the postmortem, e.g. Europe/Berlin; default UTC";
    static final String CLOCK = "12 or 24; default: the template's (12 for reference, 24 for the others)";
    static final String TEMPLATE = "reference (default), sre, compact, or team-<id> for a team template";
    static final String FULL_HISTORY = "true: the timeline's full history, with the rows recorded when the status"
            + " moved; false (default): only the events people recorded";

    private final PostmortemDownloads downloads;
    private final MessageSource messages;

    PostmortemApiController(PostmortemDownloads downloads, MessageSource messages) {
        this.downloads = downloads;
        this.messages = messages;
    }

    @GetMapping("/postmortem.md")
    @Operation(summary = "The incident's postmortem as Markdown (an attachment named after the incident)")
    ResponseEntity<byte[]> markdown(@CurrentUser HindsightUser me, @PathVariable String key,
            @Parameter(description = ZONE) @RequestParam(required = false) String zone,
            @Parameter(description = CLOCK) @RequestParam(required = false) String clock,
            @Parameter(description = TEMPLATE) @RequestParam(required = false) String template,
            @Parameter(description = FULL_HISTORY) @RequestParam(required = false) String fullHistory) {
        return downloads.markdownFile(downloads.export(me, key, zone, clock, template, fullHistory));
    }

    @GetMapping("/postmortem.pdf")
    @Operation(summary = "The incident's postmortem as a PDF (A4; an attachment named after the incident)")
    ResponseEntity<byte[]> pdf(@CurrentUser HindsightUser me, @PathVariable String key,
            @Parameter(description = ZONE) @RequestParam(required = false) String zone,
            @Parameter(description = CLOCK) @RequestParam(required = false) String clock,
            @Parameter(description = TEMPLATE) @RequestParam(required = false) String template,
            @Parameter(description = FULL_HISTORY) @RequestParam(required = false) String fullHistory) {
        return downloads.pdfFile(downloads.export(me, key, zone, clock, template, fullHistory));
    }

    /** 400 problem details naming the parameter. */
    @ExceptionHandler(ExportOptions.InvalidExportOption.class)
    ResponseEntity<ProblemDetail> invalidOption(ExportOptions.InvalidExportOption e) {
        String message = messages.getMessage(e.messageCode(), new Object[] {e.value()}, LocaleContextHolder.getLocale());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
        problem.setProperty("field", e.parameter());
        problem.setProperty("errors", List.of(Map.of("field", e.parameter(), "message", message)));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
