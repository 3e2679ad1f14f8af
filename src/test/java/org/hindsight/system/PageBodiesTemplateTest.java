package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * A kept page body is kept under its model, the locale and the viewer's zone, clock and roles ({@link PageBodies}):
 * so its templates, and every template they include, may read nothing else. No request, session, parameter,
 * authentication or authorisation of their own, no clock (a duration until now travels in the model), no bean but
 * {@code @times} formatting one value, and none of the layout's own attributes, which are left out of the key.
 */
class PageBodiesTemplateTest {

    /** The bodies kept, each with templates it must be found to include (so that the search for them works). */
    private static final Map<String, List<String>> KEPT = Map.of(
            "incident/body", List.of("fragments/incident", "fragments/timeline", "fragments/time"),
            "action/ledger-body", List.of("fragments/ledger", "fragments/forms", "fragments/pages"),
            "incident/list-body", List.of("fragments/incident", "fragments/time", "fragments/pages"),
            "audit/history-body", List.of("fragments/audit"));

    /** A fragment included, with or without {@code ~{…}}. */
    private static final Pattern INCLUDE =
            Pattern.compile("(?:~\\{|th:(?:insert|replace|include)=\")\\s*([a-z][a-z/-]*) ::");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "#request|#session|#servletContext|#httpServletRequest|#httpSession|\\$\\{param\\.|\\$\\{session\\."
                    + "|#authentication|#authorization|sec:authorize|sec:authentication|#dates\\.create"
                    + "|#temporals\\.create|#calendars\\.create|#execInfo|\\$\\{#ctx|T\\(|_csrf|this ::");
    /** Any bean called from a template. */
    private static final Pattern BEAN_CALL = Pattern.compile("@[A-Za-z]+\\.[A-Za-z]+\\([^)]*\\)");
    /**
     * The bean calls a kept body may make: {@code @times} formatting one value in the viewer's zone and clock,
     * which are in the key (not {@code duration(from, to)}, which reads the clock when {@code to} is empty).
     */
    private static final Pattern ALLOWED_BEAN_CALL =
            Pattern.compile("@times\\.(iso|date|dateTime|time|day|duration|twelveHourClock|zoneName)\\([^,)]*\\)");

    private static final Path TEMPLATES = Path.of("templates");

    /** The templates a kept body is made of: its own and all it includes, transitively. */
    static Set<String> templatesOf(String template) throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>(Set.of(template));
        while (!next.isEmpty()) {
            String name = next.pop();
            if (seen.add(name)) {
                Matcher include = INCLUDE.matcher(Files.readString(TEMPLATES.resolve(name + ".html")));
                while (include.find()) {
                    next.push(include.group(1));
                }
            }
        }
        return seen;
    }

    @Test
    void theTemplatesOfAKeptBodyReadOnlyWhatItIsKeptUnder() throws IOException {
        for (Map.Entry<String, List<String>> kept : KEPT.entrySet()) {
            Set<String> templates = templatesOf(kept.getKey());
            assertThat(templates).as("the fragments of %s are found", kept.getKey())
                    .contains(kept.getKey()).containsAll(kept.getValue())
                    .doesNotContain("fragments/layout", "fragments/pagination");
            for (String template : templates) {
                String text = Files.readString(TEMPLATES.resolve(template + ".html"));
                Matcher forbidden = FORBIDDEN.matcher(text);
                assertThat(forbidden.find() ? forbidden.group() : null).as(template).isNull();
                Matcher bean = BEAN_CALL.matcher(text);
                while (bean.find()) {
                    assertThat(bean.group()).as(template).matches(ALLOWED_BEAN_CALL);
                }
                for (String frameOnly : PageBodies.FRAME_ONLY) {
                    assertThat(text).as(template + " reads " + frameOnly)
                            .doesNotContainPattern("\\$\\{[^}]*\\b" + frameOnly + "\\b");
                }
            }
        }
    }
}
