package org.hindsight.postmortem.templates;

import java.io.StringWriter;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;

import org.hindsight.postmortem.PostmortemModel;

/**
 * Mustache, logic-less and closed: values come only from the maps and lists of {@link PostmortemModel}
 * (no reflection on Java objects), no partials (nothing is loaded from anywhere), no HTML escaping (the
 * model is already escaped for Markdown), and an unknown name is an error, not an empty string. A render is
 * bounded, so that sections nested in each other cannot run or grow without end: at most
 * {@link #MAX_REPEATS} passes through list sections and {@link #MAX_OUTPUT} characters.
 */
final class TemplateEngine {

    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    /** Far beyond any postmortem (5,000 events listed a few times), far below what would hold a server thread. */
    static final int MAX_REPEATS = 1_000_000;
    /** Characters of Markdown one render may produce. */
    static final int MAX_OUTPUT = 32_000_000;

    /** Passes left through list sections in the render running on this thread. */
    private static final ThreadLocal<int[]> REPEATS_LEFT = new ThreadLocal<>();

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

                @Override
                public Iterator<?> toIterator(Object value) {
                    Iterator<?> items = super.toIterator(value);
                    return items == null ? null : counted(items);
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
        int[] previous = REPEATS_LEFT.get();
        REPEATS_LEFT.set(new int[] {MAX_REPEATS});
        BoundedWriter out = new BoundedWriter();
        try {
            template.execute(model, out);
            return out.toString();
        } catch (MustacheException e) {
            throw TemplateError.of(e);
        } finally {
            REPEATS_LEFT.set(previous);
        }
    }

    private static <T> Iterator<T> counted(Iterator<T> items) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public T next() {
                int[] left = REPEATS_LEFT.get();
                if (left != null && --left[0] < 0) {
                    throw new TemplateError("The template repeats its sections too often (more than " + MAX_REPEATS
                            + " times): are sections for lists nested in each other?", 0);
                }
                return items.next();
            }
        };
    }

    /** A writer that refuses to grow past {@link #MAX_OUTPUT}. */
    private static final class BoundedWriter extends StringWriter {

        @Override
        public void write(String text, int offset, int length) {
            check(length);
            super.write(text, offset, length);
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            check(length);
            super.write(chars, offset, length);
        }

        @Override
        public void write(int c) {
            check(1);
            super.write(c);
        }

        @Override
        public void write(String text) {
            write(text, 0, text.length());
        }

        private void check(int more) {
            if (getBuffer().length() + (long) more > MAX_OUTPUT) {
                throw new TemplateError("The template's output is too large (more than " + MAX_OUTPUT / 1_000_000
                        + " million characters): are sections for lists nested in each other?", 0);
            }
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
