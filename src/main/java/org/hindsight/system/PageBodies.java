package org.hindsight.system;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.ViewResolver;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.context.LazyContextVariable;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * The body of a page (everything inside the layout's {@code main}) rendered once and kept, for a page that many
 * people view between two changes: the incident page during an outage. The layout around it (the navigation with
 * the viewer's name and counts, the flash message, the CSRF meta tag) is rendered per request as on every page.
 *
 * <p><b>Nothing stale is ever shown:</b> a body is kept under everything it is rendered from, so nothing is ever
 * invalidated. The key holds every model attribute (all but {@link #FRAME_ONLY}, which only the layout reads), each
 * reduced to its values in order (records component by component, maps and sets in the order they are iterated,
 * arrays as lists), and besides the model: the view, the locale, the context path, the viewer's zone, clock and
 * roles (which {@code @times} and {@code sec:} read). A page whose model holds a value with no value equality (an
 * entity, a lazy count), or a form with errors, is rendered without being kept. The body's templates read nothing
 * else of the request: {@code PageBodiesTemplateTest} checks that they use no request, session, parameter,
 * authentication or clock of their own.
 *
 * <p><b>The CSRF token</b> of the forms in a kept body is the viewer's: the body is rendered with a placeholder
 * token, random per instance, which each request replaces with its own token.
 *
 * <p>A body is rendered inside its handler, before Spring MVC adds the model's {@code BindingResult}s: a form field
 * there prints its value by the value's own conversion, not through a controller's {@code @InitBinder} editors. The
 * incident page's forms are empty on a view, and a re-render with errors (which has them) is not kept.
 *
 * <p>The counter {@code hindsight.page.bodies} says, by {@code view} and {@code outcome}, how many bodies were
 * {@code kept} (served as kept), {@code rendered} (rendered and kept) or {@code not-kept} (rendered for one request:
 * a form with errors, a value without value equality).
 */
@Component
public class PageBodies {

    /** Model attributes that only the layout reads: not part of a body's key. */
    public static final Set<String> FRAME_ONLY = Set.of(Flash.ATTRIBUTE, "myOpenActions", "requestPath");

    /**
     * Characters kept, bodies and the strings of their keys: about fifty incident pages of a hundred timeline events
     * (up to 16 MB, within the heap the README recommends).
     */
    static final long MAX_CHARS = 8_000_000;

    private static final Logger log = LoggerFactory.getLogger(PageBodies.class);
    private static final Object NO_VALUE = new Object();
    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
            }
            return accessors;
        }
    };

    /** What a body is kept under; {@code weight} counts the characters of the strings in it. */
    private record Key(String view, Object model, Locale locale, String contextPath, Object zone, boolean twelveHour,
            List<String> roles, int weight) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && twelveHour == key.twelveHour && view.equals(key.view)
                    && locale.equals(key.locale) && contextPath.equals(key.contextPath) && zone.equals(key.zone)
                    && roles.equals(key.roles) && model.equals(key.model);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(view, model, locale, contextPath, zone, twelveHour, roles);
        }
    }

    /**
     * A body for one request: its HTML cut where the CSRF token goes ({@code parts}), and this request's token
     * ({@code token}, to be written escaped between each two parts). A template writes the parts as they are, with
     * no copy of the whole body per request ({@code incident/show}); {@link #toString()} joins them.
     */
    public record Body(List<String> parts, String token) {

        @Override
        public String toString() {
            return String.join(token == null ? "" : HtmlUtils.htmlEscape(token), parts);
        }
    }

    /** A kept body, cut where the CSRF token goes. */
    private record Kept(List<String> parts, int length) {

        static Kept of(String body, String placeholder) {
            List<String> parts = new ArrayList<>();
            int from = 0;
            for (int at = body.indexOf(placeholder); at >= 0; at = body.indexOf(placeholder, from)) {
                parts.add(body.substring(from, at));
                from = at + placeholder.length();
            }
            parts.add(body.substring(from));
            return new Kept(List.copyOf(parts), body.length());
        }
    }

    /**
     * A model value worked out only when a body is rendered, from values that are in the body's key (the model's
     * others, the locale, the viewer's zone and clock): left out of the key, and not worked out for a kept body.
     * The timeline's rows as HTML are one: made from the rows in the model, in the viewer's zone and order.
     */
    public static final class Derived<T> extends LazyContextVariable<T> {

        private final Supplier<T> value;

        public Derived(Supplier<T> value) {
            this.value = value;
        }

        @Override
        protected T loadValue() {
            return value.get();
        }
    }

    private final Cache<Key, Kept> bodies = Caffeine.newBuilder().maximumWeight(MAX_CHARS)
            .weigher((Key key, Kept body) -> key.weight() + body.length())
            .expireAfterAccess(Duration.ofMinutes(30))
            .build();
    private final ViewResolver views;
    private final Times times;
    private final boolean keep;
    /** Replaced in each body by the viewer's CSRF token: random, so no text a user typed can match it. */
    private final String placeholder = "csrf-" + UUID.randomUUID().toString().replace("-", "");
    private final MeterRegistry meters;
    private final Set<Class<?>> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

    PageBodies(ThymeleafViewResolver views, Times times, MeterRegistry meters,
            @Value("${spring.thymeleaf.cache:true}") boolean keep) {
        this.views = views;
        this.times = times;
        this.meters = meters;
        this.keep = keep;
    }

    /**
     * The body of {@code view} (a fragment view, {@code "template :: fragment"}) for the model as it is, with this
     * request's CSRF token in its forms: kept, or rendered and kept.
     */
    public Body body(String view, Model model) {
        ServletRequestAttributes current = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        HttpServletRequest request = current.getRequest();
        HttpServletResponse response = current.getResponse();
        Map<String, Object> attributes = model.asMap();
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        Key key = keep && token != null ? key(view, attributes, request) : null;
        if (key == null) {
            count(view, "not-kept");
            return new Body(List.of(render(view, attributes, request, response)), null);
        }
        Kept body = bodies.getIfPresent(key);
        if (body != null) {
            count(view, "kept");
        } else {
            // rendered outside the cache's lock (a render takes milliseconds); two viewers who miss at once both
            // render, and the first body stays
            Kept fresh = Kept.of(render(view, attributes, new PlaceholderToken(request, token, placeholder),
                    response), placeholder);
            Kept earlier = bodies.asMap().putIfAbsent(key, fresh);
            body = earlier == null ? fresh : earlier;
            count(view, "rendered");
        }
        return new Body(body.parts(), token.getToken());
    }

    private void count(String view, String outcome) {
        Counter.builder("hindsight.page.bodies").description("Page bodies served, by whether they were kept")
                .tag("view", view).tag("outcome", outcome).register(meters).increment();
    }

    private Key key(String view, Map<String, Object> attributes, HttpServletRequest request) {
        List<Object> model = new ArrayList<>(attributes.size() * 2);
        int[] weight = {0};
        for (Map.Entry<String, Object> attribute : new java.util.TreeMap<>(attributes).entrySet()) {
            String name = attribute.getKey();
            Object value = attribute.getValue();
            if (FRAME_ONLY.contains(name) || value instanceof Derived<?>) {
                continue;
            }
            if (name.startsWith(BindingResult.MODEL_KEY_PREFIX)) {
                if (value instanceof BindingResult result && result.hasErrors()) {
                    return null; // a re-render with the user's text and messages: once, not kept
                }
                continue; // its target is in the model under its own name
            }
            Object values = values(value, weight);
            if (values == NO_VALUE) {
                return null;
            }
            model.add(name);
            model.add(values);
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        List<String> roles = authentication == null ? List.of()
                : authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
        return new Key(view, model, LocaleContextHolder.getLocale(), request.getContextPath(), times.zone(),
                times.twelveHourClock(), roles, weight[0] + 64);
    }

    /**
     * The value as lists of its values, in the order a template would read them; {@link #NO_VALUE} for a value
     * with no value equality.
     */
    private Object values(Object value, int[] weight) {
        if (value == null || value instanceof Boolean || value instanceof Number && isValueNumber(value)
                || value instanceof Character || value instanceof Enum<?> || value instanceof Locale
                || value instanceof UUID || isJavaTime(value)) {
            return value;
        }
        if (value instanceof String text) {
            weight[0] += text.length();
            return text;
        }
        if (value instanceof Object[] array) {
            return values(Arrays.asList(array), weight);
        }
        if (value instanceof Map<?, ?> map && isJdk(map)) {
            List<Object> entries = new ArrayList<>(map.size() * 2 + 1);
            entries.add(map.getClass());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object k = values(entry.getKey(), weight);
                Object v = values(entry.getValue(), weight);
                if (k == NO_VALUE || v == NO_VALUE) {
                    return NO_VALUE;
                }
                entries.add(k);
                entries.add(v);
            }
            return entries;
        }
        if (value instanceof Collection<?> collection && isJdk(collection)) {
            List<Object> elements = new ArrayList<>(collection.size() + 1);
            elements.add(collection.getClass());
            for (Object element : collection) {
                Object v = values(element, weight);
                if (v == NO_VALUE) {
                    return NO_VALUE;
                }
                elements.add(v);
            }
            return elements;
        }
        if (value instanceof Record) {
            Method[] accessors = ACCESSORS.get(value.getClass());
            Object[] components = new Object[accessors.length + 1];
            components[0] = value.getClass();
            for (int i = 0; i < accessors.length; i++) {
                Object v;
                try {
                    v = values(accessors[i].invoke(value), weight);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + accessors[i], e);
                }
                if (v == NO_VALUE) {
                    return NO_VALUE;
                }
                components[i + 1] = v;
            }
            return Arrays.asList(components);
        }
        if (reported.add(value.getClass())) {
            log.info("A page with a {} in its model is rendered each time, not kept: it has no value equality",
                    value.getClass().getName());
        }
        return NO_VALUE;
    }

    private static boolean isValueNumber(Object number) {
        return number instanceof Long || number instanceof Integer || number instanceof Short
                || number instanceof Byte || number instanceof Double || number instanceof Float
                || number instanceof BigDecimal || number instanceof BigInteger;
    }

    /** The immutable values of {@code java.time} (not a {@code Clock}, which is equal to another by its zone). */
    private static boolean isJavaTime(Object value) {
        return value instanceof java.time.Instant || value instanceof java.time.LocalDate
                || value instanceof java.time.LocalDateTime || value instanceof java.time.LocalTime
                || value instanceof java.time.ZonedDateTime || value instanceof java.time.OffsetDateTime
                || value instanceof java.time.Duration || value instanceof java.time.Period
                || value instanceof java.time.ZoneId || value instanceof java.time.YearMonth
                || value instanceof java.time.Year || value instanceof java.time.MonthDay;
    }

    /**
     * A collection or map of the JDK's own, which holds nothing but its elements (a subclass of ours might hold
     * more, which the key would not see).
     */
    private static boolean isJdk(Object container) {
        return container.getClass().getName().startsWith("java.");
    }

    private String render(String view, Map<String, Object> attributes, HttpServletRequest request,
            HttpServletResponse response) {
        StringWriter out = new StringWriter(32_768);
        try {
            View resolved = views.resolveViewName(view, LocaleContextHolder.getLocale());
            if (resolved == null) {
                throw new IllegalStateException("no view " + view);
            }
            resolved.render(new HashMap<>(attributes), request, new Buffered(response, out));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot render " + view, e);
        }
        return out.toString();
    }

    /** The request as it is, but for its CSRF token: the placeholder, in a kept body's forms. */
    private static final class PlaceholderToken extends HttpServletRequestWrapper {

        private final CsrfToken token;

        PlaceholderToken(HttpServletRequest request, CsrfToken real, String placeholder) {
            super(request);
            this.token = new DefaultCsrfToken(real.getHeaderName(), real.getParameterName(), placeholder);
        }

        @Override
        public Object getAttribute(String name) {
            if (CsrfToken.class.getName().equals(name) || token.getParameterName().equals(name)) {
                return token;
            }
            return super.getAttribute(name);
        }
    }

    /** A response that writes to a string and leaves the real response's headers alone. */
    private static final class Buffered extends HttpServletResponseWrapper {

        private final PrintWriter writer;

        Buffered(HttpServletResponse response, StringWriter out) {
            super(response);
            this.writer = new PrintWriter(out);
        }

        @Override
        public PrintWriter getWriter() {
            return writer;
        }

        @Override
        public jakarta.servlet.ServletOutputStream getOutputStream() {
            throw new IllegalStateException("a page body is written as characters");
        }

        @Override
        public void setContentType(String type) {
        }

        @Override
        public void setCharacterEncoding(String charset) {
        }

        @Override
        public void setLocale(Locale locale) {
        }

        @Override
        public void setHeader(String name, String value) {
        }

        @Override
        public void addHeader(String name, String value) {
        }

        @Override
        public void setStatus(int status) {
        }

        @Override
        public void flushBuffer() {
            writer.flush();
        }

        @Override
        public boolean isCommitted() {
            return false;
        }
    }
}
