package org.hindsight.postmortem.export;

import java.util.List;
import java.util.Map;

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

/** The postmortem for scripts: {@code GET /api/incidents/{key}/postmortem.md|.pdf?zone=&clock=&template=}. */
@RestController
@RequestMapping("/api/incidents/{key}")
class PostmortemApiController {

    private final PostmortemDownloads downloads;
    private final MessageSource messages;

    PostmortemApiController(PostmortemDownloads downloads, MessageSource messages) {
        this.downloads = downloads;
        this.messages = messages;
    }

    @GetMapping("/postmortem.md")
    ResponseEntity<byte[]> markdown(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestParam(required = false) String zone, @RequestParam(required = false) String clock,
            @RequestParam(required = false) String template) {
        return downloads.markdownFile(downloads.export(me, key, zone, clock, template));
    }

    @GetMapping("/postmortem.pdf")
    ResponseEntity<byte[]> pdf(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestParam(required = false) String zone, @RequestParam(required = false) String clock,
            @RequestParam(required = false) String template) {
        return downloads.pdfFile(downloads.export(me, key, zone, clock, template));
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
