package org.hindsight.system;

import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
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

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

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
import org.thymeleaf.context.LazyContextVariable;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * The body of a page (everything inside the layout's {@code main}) rendered once and kept, for a page that many
 * people view between two changes: the incident page during an outage. The layout around it (the navigation with
 * the viewer's name and counts, the flash message, the CSRF meta tag) is rendered per request as on every page.
 *
 * <p><b>Nothing stale is ever shown:</b> a body is kept under everything it is rendered from, so nothing is ever
 * invalidated. The key holds every model attribute (all but {@link #FRAME_ONLY}, which only the layout reads, and
 * {@link Derived} values, worked out from the others), each reduced to its values in order ({@link ModelValues}:
 * records component by component, the JDK's collections in the order they are iterated, arrays as lists), and
 * besides the model: the view, the locale, the context path, the viewer's zone, clock and roles (which
 * {@code @times} reads). A page whose model holds a value with no value equality (an entity, a lazy count), or a
 * form with errors, is rendered without being kept. The body's templates read nothing else of the request:
 * {@code PageBodiesTemplateTest} checks that they use no request, session, parameter, authentication, clock or bean
 * but {@code @times} formatting one value.
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
     * no copy of the whole body per request ({@code incident/show}).
     */
    public record Body(List<String> parts, String token) {
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
        ModelValues values = new ModelValues();
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
            Object reduced = values.of(value);
            if (reduced == ModelValues.NO_VALUE) {
                return null;
            }
            model.add(name);
            model.add(reduced);
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        List<String> roles = authentication == null ? List.of()
                : authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
        return new Key(view, model, LocaleContextHolder.getLocale(), request.getContextPath(), times.zone(),
                times.twelveHourClock(), roles, values.weight() + 64);
    }

    private String render(String view, Map<String, Object> attributes, HttpServletRequest request,
            HttpServletResponse response) {
        StringWriter out = new StringWriter(32_768);
        try {
            View resolved = views.resolveViewName(view, LocaleContextHolder.getLocale());
            if (resolved == null) {
                throw new IllegalStateException("no view " + view);
            }
            resolved.render(new HashMap<>(attributes), request, new StringResponse(response, out));
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
}
