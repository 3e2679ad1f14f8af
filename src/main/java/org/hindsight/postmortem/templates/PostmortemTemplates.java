package org.hindsight.postmortem.templates;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.samskivert.mustache.Template;

import org.hindsight.postmortem.ExportOptions;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The templates an export can use: the built-in ones (files under {@code postmortem/} on the classpath)
 * and the team's stored ones, addressed as {@code team-<id>}.
 */
@Component
public class PostmortemTemplates {

    public static final String REFERENCE = ExportOptions.REFERENCE_TEMPLATE;
    static final String TEAM_PREFIX = "team-";
    private static final List<String> BUILT_IN = List.of(REFERENCE, "sre", "compact");

    private final Map<String, Template> builtIn = new LinkedHashMap<>();
    private final StoredTemplateService stored;

    PostmortemTemplates(StoredTemplateService stored) {
        this.stored = stored;
        for (String id : BUILT_IN) {
            builtIn.put(id, TemplateEngine.compile(builtInText(id)));
        }
    }

    /** A template the export picker offers: {@code builtIn} ones are labelled by message code. */
    record Choice(String id, String name, boolean builtIn) {
    }

    public List<Choice> choices() {
        List<Choice> choices = new ArrayList<>();
        BUILT_IN.forEach(id -> choices.add(new Choice(id, "postmortem.template." + id, true)));
        stored.summaries().forEach(t -> choices.add(new Choice(TEAM_PREFIX + t.id(), t.name(), false)));
        return choices;
    }

    public boolean exists(String id) {
        return builtIn.containsKey(id) || storedId(id) != null && stored.exists(storedId(id));
    }

    /**
     * The export of this model with the template {@code id} (which {@link #exists}). A team template is tried on
     * the sample postmortem when saved, but a branch the sample does not take (no action items, an ongoing
     * incident) may still name what the view lacks: that is an {@link ExportOptions.InvalidExportOption} naming
     * the template and its mistake, not a server error.
     */
    public String render(String id, Map<String, Object> model) {
        Template template = builtIn.get(id);
        if (template != null) {
            return TemplateEngine.render(template, model);
        }
        long storedId = storedId(id);
        try {
            return TemplateEngine.render(TemplateEngine.compile(stored.body(storedId)), model);
        } catch (TemplateEngine.TemplateError e) {
            throw new ExportOptions.InvalidExportOption("template", "postmortem.option.template.broken",
                    "\u201c" + stored.get(storedId).name() + "\u201d (line " + e.line() + ": " + e.getMessage() + ")");
        }
    }

    static String builtInText(String id) {
        try (InputStream in = new ClassPathResource("postmortem/" + id + ".md.mustache").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Long storedId(String id) {
        if (id == null || !id.startsWith(TEAM_PREFIX)) {
            return null;
        }
        try {
            return Long.valueOf(id.substring(TEAM_PREFIX.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
