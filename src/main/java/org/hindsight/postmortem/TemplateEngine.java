package org.hindsight.postmortem;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;

/**
 * Mustache, logic-less and closed: values come only from the maps and lists of {@link PostmortemModel}
 * (no reflection on Java objects), no partials (nothing is loaded from anywhere), no HTML escaping (the
 * model is already escaped for Markdown), and an unknown name is an error, not an empty string.
 */
final class TemplateEngine {

    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .escapeHTML(false)
            .strictSections(true)
            .emptyStringIsFalse(true)
            .withLoader(name -> {
                throw new MustacheException("Partials ({{> " + name + "}}) are not supported");
            })
            .withCollector(new BasicCollector() {
                @Override
                public <K, V> Map<K, V> createFetcherCache() {
                    return new ConcurrentHashMap<>();
                }
            });

    private TemplateEngine() {
    }

    /** Compiles a template; a mistake in it is a {@link TemplateError} with its line. */
    static Template compile(String text) {
        try {
            return COMPILER.compile(text);
        } catch (MustacheException e) {
            throw TemplateError.of(e);
        }
    }

    /** Renders a compiled template; a name the model does not have is a {@link TemplateError} with its line. */
    static String render(Template template, Map<String, Object> model) {
        try {
            return template.execute(model);
        } catch (MustacheException e) {
            throw TemplateError.of(e);
        }
    }

    /** What is wrong with a template, and on which line (0 when unknown). */
    static final class TemplateError extends RuntimeException {

        private final int line;

        TemplateError(String message, int line) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }

        static TemplateError of(MustacheException e) {
            if (e instanceof MustacheException.Context context) {
                return new TemplateError("Unknown name '" + context.key + "'", context.lineNo);
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Matcher m = LINE.matcher(message);
            return new TemplateError(message, m.find() ? Integer.parseInt(m.group(1)) : 0);
        }
    }
}
